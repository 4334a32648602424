"""A unit's inbox, a case's detail with its audit trail, and the handler actions on a case."""
from __future__ import annotations

from flask import Blueprint, request
from minqing_kit.errors import FieldError, invalid
from minqing_kit.requests import int_query

from .. import commands, lookup, queries
from ..handling import perform
from .fields import body, boolean, choice, flag, principal, runtime, signed_in, text, timestamp, unit_tasks

blueprint = Blueprint("cases", __name__, url_prefix="/api/v1")


def _case(reference: str) -> str:
    """A case id or ticket number in the URL (or a body), as the case's id."""
    return lookup.case_id(runtime(), principal().district, reference)


def _act(case_id: str, action):
    return perform(runtime(), principal(), _case(case_id), action)


@blueprint.get("/inbox")
@signed_in
def inbox():
    states = ("dispatched", "accepted", "resolved", "merged")
    state = choice(dict(request.args), "state", states) if "state" in request.args else None
    return queries.inbox(runtime(), principal(), state, flag("overdue"), timestamp("deadline_before"),
                         bool(flag("below")), int_query("limit", 100, 1, 500))


@blueprint.get("/cases/<case_id>")
@signed_in
def detail(case_id: str):
    return queries.detail(runtime(), principal(), _case(case_id))


@blueprint.post("/cases/<case_id>/accept")
@signed_in
def accept(case_id: str):
    return _act(case_id, commands.accept)


@blueprint.post("/cases/<case_id>/return")
@signed_in
def send_back(case_id: str):
    return _act(case_id, commands.send_back(text(body(), "reason")))


@blueprint.post("/cases/<case_id>/escalate")
@signed_in
def escalate(case_id: str):
    data = body()
    return _act(case_id, commands.escalate(text(data, "reason"), unit_tasks(data, "joint_with")))


@blueprint.post("/cases/<case_id>/progress")
@signed_in
def progress(case_id: str):
    data = body()
    return _act(case_id, commands.progress(text(data, "note"), boolean(data, "public", True)))


@blueprint.post("/cases/<case_id>/contact")
@signed_in
def contact(case_id: str):
    data = body()
    return _act(case_id, commands.progress(text(data, "note"), boolean(data, "public", False),
                                           "contacted_resident"))


@blueprint.post("/cases/<case_id>/coordination")
@signed_in
def coordination(case_id: str):
    data = body()
    attendees = data.get("attendees")
    attendees = [] if attendees is None else attendees
    if not isinstance(attendees, list) or not all(isinstance(a, str) for a in attendees):
        raise invalid([FieldError("attendees", "a list of names", "须为姓名列表")])
    note = f"协调会 参会: {'、'.join(attendees) or '未记录'}; 决定: {text(data, 'decisions')}"
    return _act(case_id, commands.progress(note, False, "coordination"))


@blueprint.post("/cases/<case_id>/resolve")
@signed_in
def resolve(case_id: str):
    data = body()
    return _act(case_id, commands.resolve(choice(data, "outcome", ("reply", "explanation"), "reply"),
                                          text(data, "reply")))


@blueprint.post("/cases/<case_id>/own")
@signed_in
def own(case_id: str):
    return _act(case_id, commands.take_ownership)


@blueprint.post("/cases/<case_id>/dispatch")
@signed_in
def dispatch(case_id: str):
    return _act(case_id, commands.dispatch_to(text(body(), "unit_id", max_length=40)))


@blueprint.post("/cases/<case_id>/merge")
@signed_in
def merge(case_id: str):
    into = text(body(), "into_case_id", required=False, max_length=40)
    return _act(case_id, commands.merge(_case(into) if into else None))
