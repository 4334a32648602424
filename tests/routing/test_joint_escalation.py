"""A unit holds one part of a joint case at most (issue 17 loose end 3). A co-handler's overdue part that
goes up a level passes over a unit above that already holds a part, to the next one up that holds none
(nothing when the way up reaches the lead or the top); the case itself escalated onto a unit holding a
co-handler part makes that part merge into the lead's; and a declined part is not reassigned to a unit
holding one. Pure rules on hilltown (东一社区 ht-c1 under 东街道 ht-s1 under the district), then through
the API and the scheduler on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from minqing_routing import commands
from minqing_routing.adapters import repository
from minqing_routing.adapters.tables import parts as parts_table, timers
from minqing_routing.adapters.writer import timer_row
from minqing_routing.command_context import actor_of
from minqing_routing.domain import joint
from minqing_routing.domain.case import Refused
from minqing_routing.domain.deadlines import Timer
from minqing_routing.scheduler import DeadlineScheduler

from .harness import received as received_event
from .test_commands import DISPATCHER, HANDLER, NOW, hilltown, person, received, run  # noqa: F401

HANDLER_ACTOR = actor_of(HANDLER)


def joint_case(district, ticket: str, co_handlers: list[tuple[str, str]]):
    case, _ = received(district, ticket)
    run(district, case, HANDLER, commands.accept)
    opened = run(district, case, HANDLER, commands.open_joint(co_handlers, "主办清运"))
    return case, opened.new_parts


def overdue(case, part) -> Timer:
    return Timer("escalate", "resolution", part.deadline, part.deadline + timedelta(days=1), case.stage, part.part_id)


def test_an_overdue_part_passes_over_the_unit_above_that_holds_a_part(hilltown):  # noqa: F811
    case, parts = joint_case(hilltown, "HT-JE-1", [("ht-c2", "东二社区一侧清运"), ("ht-s1", "街道协调")])
    lead, c2, s1 = parts
    escalated = joint.on_part_timer(hilltown.work, case, c2, overdue(case, c2), NOW, parts)
    assert (c2.unit_id, c2.status) == ("hilltown", "open")  # 东街道 holds its own part: the district takes it
    [progress] = escalated.events
    assert progress.note == "协办事项超期未办,上报至山城区: 东二社区一侧清运"
    assert sorted(p.unit_id for p in parts) == ["hilltown", "ht-c1", "ht-s1"]  # one part per unit

    alone, (_, c2_alone) = joint_case(hilltown, "HT-JE-2", [("ht-c2", "清运")])
    joint.on_part_timer(hilltown.work, alone, c2_alone, overdue(alone, c2_alone), NOW, [c2_alone])
    assert c2_alone.unit_id == "ht-s1"  # nobody above holds a part: the unit right above, as before


def test_no_unit_above_without_a_part_leaves_the_overdue_part_where_it_is(hilltown):  # noqa: F811
    case, parts = joint_case(hilltown, "HT-JE-3", [("ht-c2", "清运"), ("ht-s1", "协调"), ("hilltown", "督导")])
    c2 = parts[1]
    assert joint.on_part_timer(hilltown.work, case, c2, overdue(case, c2), NOW, parts).empty
    assert c2.unit_id == "ht-c2"
    parts[3].status = "dropped"  # a dropped part is held no more: the district may take the escalation
    joint.on_part_timer(hilltown.work, case, c2, overdue(case, c2), NOW, parts)
    assert c2.unit_id == "hilltown"


def test_the_case_escalated_onto_a_co_handler_merges_that_part_into_the_lead(hilltown):  # noqa: F811
    case, parts = joint_case(hilltown, "HT-JE-4", [("ht-s1", "街道协调"), ("ht-cgj", "执法")])
    lead, s1, cgj = parts
    run(hilltown, case, HANDLER, commands.escalate("超出社区能力", []), parts)
    assert case.unit_id == "ht-s1"
    merged = joint.lead_moved(hilltown.work, case, parts, HANDLER_ACTOR)
    assert (lead.unit_id, lead.task) == ("ht-s1", "主办清运; 街道协调")
    assert (s1.status, s1.note) == ("dropped", "并入主办事项") and cgj.status == "open"
    assert merged.changed_parts == [lead, s1]
    [note] = merged.events
    assert (note.kind, note.public, note.note) == ("coordination", False, "东街道承办本案,其协办事项并入主办: 街道协调")
    assert joint.open_parts(parts) == 1  # the lead waits for 城管局 alone
    assert joint.lead_moved(hilltown.work, case, parts, HANDLER_ACTOR).empty  # merged once


def joint_at_the_street(routing, ticket: str):
    """A case at 东一社区, accepted, joint with 东街道 (the unit above it): its id, the API, its path."""
    case = received_event(ticket, grid="HT-C1-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    api, path = routing.api, f"/api/v1/cases/{case.case_id}"
    assert api.post("ht-c1-h1", f"{path}/accept").status_code == 200
    body = {"lead_task": "清运", "co_handlers": [{"unit_id": "ht-s1", "task": "协调"}]}
    assert api.post("ht-c1-h1", f"{path}/joint", body).status_code == 200
    return case.case_id, api, path


def test_a_declined_part_is_not_reassigned_to_a_unit_holding_a_part(hilltown):  # noqa: F811
    case, opened = received(hilltown, "HT-JE-5", category="demolition")  # 住建局 leads, 民政局 and 司法局 co-handle
    parts = opened.new_parts
    lead, mzj, sfj = parts

    def decline(part):
        run(
            hilltown,
            case,
            person(part.unit_id, "department_handler"),
            commands.answer_part(part.part_id, False, "不办"),
            parts,
        )

    decline(mzj)
    for unit, name in (("ht-sfj", "司法局"), ("ht-zjj", "住建局")):  # a co-handler's, the lead's
        with pytest.raises(Refused) as refused:
            run(hilltown, case, DISPATCHER, commands.decide_part(mzj.part_id, unit), parts)
        assert (refused.value.status, refused.value.code) == (409, "unit_holds_part")
        assert f"{name} ({unit})" in refused.value.message and f"{name}({unit})" in refused.value.message_zh
    assert (mzj.unit_id, mzj.status) == ("ht-mzj", "declined")

    decline(sfj)
    run(hilltown, case, DISPATCHER, commands.decide_part(sfj.part_id, None), parts)
    moved = run(hilltown, case, DISPATCHER, commands.decide_part(mzj.part_id, "ht-sfj"), parts)  # dropped: free
    assert moved.changed_parts == [mzj] and (mzj.unit_id, mzj.status) == ("ht-sfj", "open")


def test_through_the_api_the_escalated_lead_takes_the_street_s_part_and_resolves(routing):
    case_id, api, path = joint_at_the_street(routing, "HT-JE-API-1")
    assert api.post("ht-c1-h1", f"{path}/escalate", {"reason": "超出社区能力"}).status_code == 200

    detail = api.get("ht-s1-h1", path).get_json()
    assert detail["unit_id"] == "ht-s1"
    assert sorted((p["unit_id"], p["lead"], p["status"], p["task"]) for p in detail["parts"]) == [
        ("ht-s1", False, "dropped", "协调"),
        ("ht-s1", True, "accepted", "清运; 协调"),
    ]
    assert any(s["action"] == "coordination" and "并入主办: 协调" in s["reason"] for s in detail["history"])
    with routing.runtime.db.transaction() as session:
        rows = session.execute(select(parts_table).where(parts_table.c.case_id == case_id)).all()
    assert {r.unit_id for r in rows if r.status != "dropped"} == {"ht-s1"}
    assert api.post("ht-s1-h1", f"{path}/accept").status_code == 200
    answer = api.post("ht-s1-h1", f"{path}/resolve", {"outcome": "reply", "reply": "街道已协调清运"})
    assert answer.status_code == 200, answer.get_json()  # no open part left to wait for


def test_the_scheduler_s_automatic_escalation_onto_a_co_handler_merges_its_part(routing):
    case_id, api, path = joint_at_the_street(routing, "HT-JE-SCH-1")
    runtime = routing.runtime
    with runtime.db.transaction() as session:  # the resolution deadline passed long ago: escalation is due
        held = repository.load(session, case_id)
        long_ago = NOW - timedelta(days=30)
        due = Timer("escalate", "resolution", held.resolution_deadline, long_ago, held.stage)
        session.execute(timers.insert().values(timer_row(held, due)))
    DeadlineScheduler(runtime).sweep_once(held.resolution_deadline + timedelta(days=60))

    detail = api.get("ht-s1-h1", path).get_json()
    assert detail["unit_id"] == "ht-s1"
    assert sorted((p["unit_id"], p["lead"], p["status"], p["task"]) for p in detail["parts"]) == [
        ("ht-s1", False, "dropped", "协调"),
        ("ht-s1", True, "accepted", "清运; 协调"),
    ]
    [merged] = [s for s in detail["history"] if "并入主办" in s["reason"]]
    assert merged["actor"]["kind"] == "system"
