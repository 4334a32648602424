"""Project rating (一事一评) and annual review (双述双评): open a ballot (admin or leader), rate it (public)."""

from __future__ import annotations

from flask import Blueprint, g

from minqing_kit.errors import FieldError, invalid
from minqing_kit.request_models import body

from .. import ballots
from ..domain import orgtree
from . import bodies
from .common import requires, runtime

blueprint = Blueprint("ballots", __name__, url_prefix="/api/v1")


def _own_unit(name: str, unit_id: str) -> None:
    """A rule beyond the body's shape: the unit is one of the signed-in person's district."""
    if unit_id not in orgtree.units(runtime().districts[g.principal.district]):
        raise invalid([FieldError(name, "not a unit of your district", "不是本区的单位")])


@blueprint.post("/projects")
@requires("admin", "leader")
def open_project():
    given = body(bodies.Project)
    _own_unit("unit_id", given.unit_id)
    fields = {"name": given.name, "subject_id": given.unit_id, "subject_kind": "unit", "description": given.description}
    return ballots.open_ballot(runtime(), g.principal, "project", fields), 201


@blueprint.post("/reviews")
@requires("admin", "leader")
def open_review():
    given = body(bodies.Review)
    if given.subject_kind == "unit":
        _own_unit("subject_id", given.subject_id)
    fields = {
        "name": given.name,
        "subject_id": given.subject_id,
        "subject_kind": given.subject_kind,
        "year": given.year,
    }
    return ballots.open_ballot(runtime(), g.principal, "review", fields), 201


@blueprint.get("/ballots/<ballot_id>")
def show(ballot_id: str):
    return ballots.view(runtime(), ballot_id)


@blueprint.post("/ballots/<ballot_id>/ratings")
def rate(ballot_id: str):
    given = body(bodies.BallotRating)
    return ballots.rate(runtime(), ballot_id, given.voter, given.rating), 201
