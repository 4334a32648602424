"""A joint case's parts are never due after the lead (联办期限): opened later than the dispatch, each
co-handler's own deadline is fitted inside the lead's, or the lead's is extended with a recorded reason;
a part reassigned later is fitted too. The rules as pure functions, then through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from minqing_routing import commands
from minqing_routing.command_context import CommandContext
from minqing_routing.domain import joint_deadlines
from minqing_routing.domain.case import Refused

from .harness import received as received_event
from .test_commands import DISPATCHER, HANDLER, NOW, hilltown, person, received  # noqa: F401

LATER = NOW + timedelta(minutes=2)  # the community's resolution rule is 4 minutes: a part opened now ends at +6


def at(district, case, who, command, when, parts=()):
    return command(CommandContext(district, case, list(parts), who, when, lambda _id: None))


def accepted(district, ticket: str):
    case, _ = received(district, ticket)
    at(district, case, HANDLER, commands.accept, NOW)
    return case


def test_fit_keeps_earlier_parts_and_cuts_later_ones_to_the_lead():
    lead = NOW + timedelta(hours=4)
    fitted = joint_deadlines.fit([NOW + timedelta(hours=1), NOW + timedelta(hours=9)], lead, NOW)
    assert fitted == joint_deadlines.Fitted([NOW + timedelta(hours=1), lead], lead, False)


def test_fit_with_a_reason_extends_the_lead_to_the_latest_part():
    lead, late = NOW + timedelta(hours=4), NOW + timedelta(hours=9)
    assert joint_deadlines.fit([late], lead, NOW, "需住建局现场鉴定") == joint_deadlines.Fitted([late], late, True)
    assert joint_deadlines.fit([lead], lead, NOW, "理由").extended is False  # nothing to extend


def test_a_lead_deadline_already_passed_needs_a_reason():
    with pytest.raises(Refused) as refused:
        joint_deadlines.fit([NOW + timedelta(hours=1)], NOW - timedelta(minutes=1), NOW)
    assert (refused.value.code, refused.value.status) == ("lead_deadline_passed", 422)


def test_a_joint_case_opened_later_fits_its_parts_inside_the_lead_s_deadline(hilltown):  # noqa: F811
    case = accepted(hilltown, "HT-JD-1")
    lead_deadline = case.resolution_deadline
    effects = at(hilltown, case, HANDLER, commands.open_joint([("ht-cgj", "执法")], "清运"), LATER)
    lead, part = effects.new_parts
    assert (lead.deadline, part.deadline, case.resolution_deadline) == (lead_deadline, lead_deadline, lead_deadline)
    assert [s.action for s in effects.steps] == ["joint_open"]
    assert [(t.part_id, t.deadline) for t in effects.timers] == [(part.part_id, lead_deadline)]


def test_a_reason_extends_the_lead_s_deadline_with_its_own_step_and_timers(hilltown):  # noqa: F811
    case = accepted(hilltown, "HT-JD-2")
    before = case.resolution_deadline
    effects = at(hilltown, case, HANDLER, commands.open_joint([("ht-cgj", "执法")], "清运", "需城管执法"), LATER)
    lead, part = effects.new_parts
    assert case.resolution_deadline == part.deadline == lead.deadline == LATER + timedelta(minutes=4) > before
    extend = effects.steps[0]
    assert (extend.action, extend.reason) == (
        "extend_deadline",
        f"resolution deadline {case.resolution_deadline.isoformat()}: 需城管执法",
    )
    watching = [t for t in effects.timers if t.part_id is None]
    assert [(t.deadline_kind, t.deadline) for t in watching] == [("resolution", case.resolution_deadline)]
    stale = type(watching[0])("supervise", "resolution", before, before, case.stage)
    assert hilltown.work.on_timer(case, stale, before).empty  # the old deadline's timer does nothing


def test_a_declined_part_reassigned_later_is_due_by_the_lead(hilltown):  # noqa: F811
    case, opened = received(hilltown, "HT-JD-3", category="demolition")
    parts, mzj = opened.new_parts, opened.new_parts[1]
    at(
        hilltown,
        case,
        person("ht-mzj", "department_handler"),
        commands.answer_part(mzj.part_id, False, "无"),
        NOW,
        parts,
    )
    at(hilltown, case, DISPATCHER, commands.decide_part(mzj.part_id, "ht-cgj"), LATER, parts)
    assert mzj.deadline == case.resolution_deadline


def test_through_the_api_parts_fit_and_an_extension_is_in_the_history(routing):
    def open_case(ticket: str) -> str:
        case = received_event(ticket, grid="HT-C1-G01")
        routing.publish(case)
        [dispatched] = routing.capture.wait(case.case_id, "case.dispatched.v1")
        assert routing.api.post("ht-c1-h1", f"/api/v1/cases/{case.case_id}/accept").status_code == 200
        return case.case_id, dispatched["payload"]["resolution_deadline"]

    fitted_id, deadline = open_case("HT-JD-API-1")
    body = {"lead_task": "清运", "co_handlers": [{"unit_id": "ht-cgj", "task": "执法"}]}
    assert routing.api.post("ht-c1-h1", f"/api/v1/cases/{fitted_id}/joint", body).status_code == 200
    [opened] = routing.capture.wait(fitted_id, "case.joint_opened.v1")
    assert {p["deadline"] for p in opened["payload"]["parts"]} == {deadline}

    extended_id, deadline = open_case("HT-JD-API-2")
    answer = routing.api.post("ht-c1-h1", f"/api/v1/cases/{extended_id}/joint", {**body, "extend_reason": "需执法"})
    assert answer.status_code == 200
    detail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{extended_id}").get_json()
    assert detail["resolution_deadline"] > deadline
    assert {p["deadline"] for p in detail["parts"]} == {detail["resolution_deadline"]}
    [step] = [s for s in detail["history"] if s["action"] == "extend_deadline"]
    assert step["reason"].endswith(": 需执法") and step["actor"]["id"] == "ht-c1-h1"
