"""Project rating (一事一评) and annual review (双述双评): open a ballot (admin or leader), rate it (public)."""
from __future__ import annotations

from flask import Blueprint, g
from minqing_kit.errors import FieldError, invalid

from .. import ballots
from ..domain import orgtree
from ..domain.verdict import RATINGS
from .common import json_body, requires, runtime

blueprint = Blueprint("ballots", __name__, url_prefix="/api/v1")


def _text(body: dict, name: str, problems: list, limit: int = 200) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        problems.append(FieldError(name, f"required text of at most {limit} characters", f"必填,不超过{limit}字"))
        return ""
    return value.strip()


def _unit(body: dict, problems: list) -> str:
    unit_id = _text(body, "unit_id", problems, 64)
    if unit_id and unit_id not in orgtree.units(runtime().districts[g.principal.district]):
        problems.append(FieldError("unit_id", "not a unit of your district", "不是本区的单位"))
    return unit_id


@blueprint.post("/projects")
@requires("admin", "leader")
def open_project():
    body, problems = json_body(), []
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        problems.append(FieldError("description", "must be text", "须为文本"))
    fields = {"name": _text(body, "name", problems), "subject_id": _unit(body, problems), "subject_kind": "unit",
              "description": description}
    if problems:
        raise invalid(problems)
    return ballots.open_ballot(runtime(), g.principal, "project", fields), 201


@blueprint.post("/reviews")
@requires("admin", "leader")
def open_review():
    body, problems = json_body(), []
    kind = body.get("subject_kind")
    if kind not in ("unit", "cadre"):
        problems.append(FieldError("subject_kind", "must be unit or cadre", "须为unit或cadre"))
    subject = _unit({"unit_id": body.get("subject_id")}, problems) if kind == "unit" else \
        _text(body, "subject_id", problems, 64)
    year = body.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(FieldError("year", "must be a year such as 2026", "须为年份,如2026"))
    fields = {"name": _text(body, "name", problems), "subject_id": subject, "subject_kind": kind, "year": year}
    if problems:
        raise invalid(problems)
    return ballots.open_ballot(runtime(), g.principal, "review", fields), 201


@blueprint.get("/ballots/<ballot_id>")
def show(ballot_id: str):
    return ballots.view(runtime(), ballot_id)


@blueprint.post("/ballots/<ballot_id>/ratings")
def rate(ballot_id: str):
    body, problems = json_body(), []
    voter = _text(body, "voter", problems, 120)
    if body.get("rating") not in RATINGS:
        problems.append(FieldError("rating", f"must be one of {list(RATINGS)}", "须为满意、基本满意或不满意"))
    if problems:
        raise invalid(problems)
    return ballots.rate(runtime(), ballot_id, voter, body["rating"]), 201
