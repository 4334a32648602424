"""The six-step deliberation (六步流程): the community's staff open a matter and record each step in
order (a token of the district); the notice board's list and each matter's published steps are public."""

from __future__ import annotations

from flask import Blueprint, g, request

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import deliberations
from . import meeting_bodies as bodies
from .answers.deliberations import Deliberation, DeliberationBoard
from .common import known_district, requires, runtime

blueprint = Blueprint("deliberations", __name__, url_prefix="/api/v1")
blueprint.before_request(known_district)


@blueprint.post("/deliberations")
@requires()
def open_matter():
    given = body(bodies.NewDeliberation)
    return answer(Deliberation, deliberations.open_matter(runtime(), g.principal, given.title, given.unit_id), 201)


@blueprint.post("/deliberations/<matter_id>/steps")
@requires()
def record_step(matter_id: str):
    recorded = deliberations.record_step(runtime(), g.principal, matter_id, body(bodies.StepRecord))
    return answer(Deliberation, recorded, 201)


@blueprint.get("/districts/<district>/deliberations")
def board(district: str):
    unit = request.args.get("unit") or None
    return answer(DeliberationBoard, {"district": district, "matters": deliberations.board(runtime(), district, unit)})


@blueprint.get("/districts/<district>/deliberations/<matter_id>")
def show(district: str, matter_id: str):
    return answer(Deliberation, deliberations.view(runtime(), district, matter_id))
