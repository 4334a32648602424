"""A unit's inbox, a case's detail with its audit trail, and the handler actions on a case."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import FieldError, invalid
from minqing_kit.request_models import body
from minqing_kit.requests import int_query
from minqing_kit.response_models import answer

from .. import catalogue, commands, lookup, queries
from . import bodies
from .answers import CaseDetail, Inbox
from .fields import act, flag, principal, runtime, signed_in, timestamp

blueprint = Blueprint("cases", __name__, url_prefix="/api/v1")


def _case(reference: str) -> str:
    """A case id or ticket number in the URL (or a body), as the case's id."""
    return lookup.case_id(runtime(), principal().district, reference)


@blueprint.get("/inbox")
@signed_in
def inbox():
    states = ("dispatched", "accepted", "resolved", "merged")
    state, duty = request.args.get("state"), request.args.get("duty")
    if state is not None and state not in states:
        raise invalid([FieldError("state", f"must be one of {list(states)}", f"须为{'、'.join(states)}之一")])
    if duty is not None and duty not in queries.DUTIES:
        raise invalid([FieldError("duty", f"must be one of {list(queries.DUTIES)}", "须为first_contact或owner")])
    found = queries.inbox(
        runtime(),
        principal(),
        state,
        flag("overdue"),
        timestamp("deadline_before"),
        bool(flag("below")),
        int_query("limit", 100, 1, 500),
        duty,
    )
    return answer(Inbox, found)


@blueprint.get("/cases/<case_id>")
@signed_in
def detail(case_id: str):
    return answer(CaseDetail, queries.detail(runtime(), principal(), _case(case_id)))


@blueprint.post("/cases/<case_id>/accept")
@signed_in
def accept(case_id: str):
    return act(case_id, commands.accept)


@blueprint.post("/cases/<case_id>/return")
@signed_in
def send_back(case_id: str):
    given = body(bodies.Return, required=False)
    disputed = catalogue.cited(runtime(), principal().district, given.catalogue_item)
    return act(case_id, commands.send_back(given.reason_code, given.reason, disputed))


@blueprint.post("/cases/<case_id>/rule")
@signed_in
def rule(case_id: str):
    given = body(bodies.Ruling, required=False)
    cited = catalogue.cited(runtime(), principal().district, given.catalogue_item)
    return act(case_id, commands.rule(given.unit_id, given.reason, cited))


@blueprint.post("/cases/<case_id>/escalate")
@signed_in
def escalate(case_id: str):
    given = body(bodies.Escalation, required=False)
    return act(case_id, commands.escalate(given.reason, bodies.unit_tasks(given.joint_with)))


@blueprint.post("/cases/<case_id>/progress")
@signed_in
def progress(case_id: str):
    given = body(bodies.Progress, required=False)
    return act(case_id, commands.progress(given.note, given.public))


@blueprint.post("/cases/<case_id>/contact")
@signed_in
def contact(case_id: str):
    given = body(bodies.Contact, required=False)
    return act(case_id, commands.progress(given.note, given.public, "contacted_resident"))


@blueprint.post("/cases/<case_id>/coordination")
@signed_in
def coordination(case_id: str):
    given = body(bodies.Coordination, required=False)
    note = f"协调会 参会: {'、'.join(given.attendees or []) or '未记录'}; 决定: {given.decisions}"
    return act(case_id, commands.progress(note, False, "coordination"))


@blueprint.post("/cases/<case_id>/resolve")
@signed_in
def resolve(case_id: str):
    given = body(bodies.Resolution, required=False)
    return act(case_id, commands.resolve(given.outcome, given.reply))


@blueprint.post("/cases/<case_id>/own")
@signed_in
def own(case_id: str):
    return act(case_id, commands.take_ownership)


@blueprint.post("/cases/<case_id>/deadline")
@signed_in
def tighten_deadline(case_id: str):
    given = body(bodies.Deadline)
    return act(case_id, commands.tighten_deadline(given.resolution_deadline, given.reason))


@blueprint.post("/cases/<case_id>/sign-off")
@signed_in
def sign_off(case_id: str):
    given = body(bodies.SignOff)
    return act(case_id, commands.sign_off(given.approve, given.note))


@blueprint.post("/cases/<case_id>/dispatch")
@signed_in
def dispatch(case_id: str):
    return act(case_id, commands.dispatch_to(body(bodies.Unit, required=False).unit_id))


@blueprint.post("/cases/<case_id>/merge")
@signed_in
def merge(case_id: str):
    into = (body(bodies.Merge, required=False).into_case_id or "").strip()
    return act(case_id, commands.merge(_case(into) if into else None))


@blueprint.post("/cases/<case_id>/cluster/merge")
@signed_in
def merge_in(case_id: str):
    return act(case_id, commands.merge_in(_case(body(bodies.ClusterMember).case_id)))


@blueprint.post("/cases/<case_id>/cluster/split")
@signed_in
def split(case_id: str):
    return act(case_id, commands.split(_case(body(bodies.ClusterMember).case_id)))
