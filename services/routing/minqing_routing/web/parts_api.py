"""Joint handling (联办会办): open it, and each part's answer, completion, reassignment or drop."""

from __future__ import annotations

from flask import Blueprint

from minqing_kit.request_models import body

from .. import commands
from . import bodies
from .fields import act, signed_in

blueprint = Blueprint("parts", __name__, url_prefix="/api/v1/cases/<case_id>")


@blueprint.post("/joint")
@signed_in
def open_joint(case_id: str):
    given = body(bodies.Joint, required=False)
    extend = given.extend_reason or ""
    return act(case_id, commands.open_joint(bodies.unit_tasks(given.co_handlers), given.lead_task, extend))


@blueprint.post("/parts/<part_id>/accept")
@signed_in
def accept_part(case_id: str, part_id: str):
    return act(case_id, commands.answer_part(part_id, True, ""))


@blueprint.post("/parts/<part_id>/decline")
@signed_in
def decline_part(case_id: str, part_id: str):
    return act(case_id, commands.answer_part(part_id, False, body(bodies.Reason, required=False).reason))


@blueprint.post("/parts/<part_id>/complete")
@signed_in
def complete_part(case_id: str, part_id: str):
    return act(case_id, commands.complete_part(part_id, body(bodies.Completion, required=False).summary))


@blueprint.post("/parts/<part_id>/reassign")
@signed_in
def reassign_part(case_id: str, part_id: str):
    return act(case_id, commands.decide_part(part_id, body(bodies.Unit, required=False).unit_id))


@blueprint.post("/parts/<part_id>/drop")
@signed_in
def drop_part(case_id: str, part_id: str):
    return act(case_id, commands.decide_part(part_id, None))
