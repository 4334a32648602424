"""The handler commands as pure functions: a context in (the case, its parts, who acts, when), effects
out — every change they make (events, steps, timers, parts opened or changed, other cases touched) is
in the effects. No broker, no database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from minqing_kit.errors import ApiError
from minqing_kit.orgconfig import load_districts
from minqing_kit.tokens import Principal
from minqing_routing import commands
from minqing_routing.bootstrap import build_district
from minqing_routing.command_context import CommandContext
from minqing_routing.domain import reception
from minqing_routing.domain.case import Case, Effects, Received, Refused

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def hilltown():
    return build_district(load_districts(Path(__file__).parent / "districts")["hilltown"], "")


def person(unit: str, *roles: str) -> Principal:
    return Principal(person_id=f"{unit}-p", name="某", district="hilltown", unit_id=unit, roles=roles)


HANDLER, STREET, DISPATCHER = (
    person("ht-c1", "community_handler"),
    person("ht-s1", "street_handler"),
    person("hilltown", "dispatcher", "district_handler"),
)


def received(
    district, ticket: str, category: str = "environment", grid: str = "HT-C1-G01", duplicate_of: str | None = None
) -> tuple[Case, Effects]:
    place = district.locator.locate(grid, None, None, None)
    case = Case(
        id=f"id-{ticket}",
        district="hilltown",
        ticket=ticket,
        category=category,
        urgent=False,
        grid_code=place.grid_code,
        community_id=place.community_id,
        located_by=place.how,
        duplicate_of=duplicate_of,
    )
    _, effects = reception.receive(district.work, case, Received("楼下垃圾没人清运", None, NOW), NOW)
    return case, effects


def run(district, case: Case, who: Principal, command, parts=(), others: tuple[Case, ...] = ()) -> Effects:
    known = {c.id: c for c in others}
    return command(CommandContext(district, case, list(parts), who, NOW, known.get))


def types(effects: Effects) -> list[str]:
    return [type(e).EVENT_TYPE for e in effects.events]


def test_a_new_case_is_dispatched_and_its_effects_say_it_is_new(hilltown):
    case, effects = received(hilltown, "HT-1")
    assert (case.unit_id, case.state, types(effects)) == ("ht-c1", "dispatched", ["case.dispatched.v1"])
    assert effects.received == Received("楼下垃圾没人清运", None, NOW) and effects.new_parts == []


def test_a_rule_naming_co_handlers_opens_the_parts_with_the_new_case(hilltown):
    case, effects = received(hilltown, "HT-2", category="demolition")
    assert types(effects) == ["case.dispatched.v1", "case.joint_opened.v1"] and case.joint
    assert [(p.unit_id, p.lead, p.status) for p in effects.new_parts] == [
        ("ht-zjj", True, "accepted"),
        ("ht-mzj", False, "open"),
        ("ht-sfj", False, "open"),
    ]
    assert sorted(t.part_id for t in effects.timers if t.part_id) == sorted(p.part_id for p in effects.new_parts[1:])


def test_only_the_case_s_unit_accepts_it(hilltown):
    case, _ = received(hilltown, "HT-3")
    with pytest.raises(ApiError) as refused:
        run(hilltown, case, person("ht-c2", "community_handler"), commands.accept)
    assert refused.value.status == 403 and case.state == "dispatched"
    effects = run(hilltown, case, HANDLER, commands.accept)
    assert (types(effects), [s.action for s in effects.steps], case.state) == (
        ["case.accepted.v1"],
        ["accept"],
        "accepted",
    )


def test_escalating_with_co_handlers_opens_parts_at_the_level_above(hilltown):
    case, _ = received(hilltown, "HT-4")
    effects = run(hilltown, case, HANDLER, commands.escalate("需要城管执法", [("ht-cgj", "执法")]))
    assert types(effects) == ["case.escalated.v1", "case.joint_opened.v1"] and case.unit_id == "ht-s1"
    assert [(p.unit_id, p.lead, p.task) for p in effects.new_parts] == [
        ("ht-s1", True, "需要城管执法"),
        ("ht-cgj", False, "执法"),
    ]
    assert effects.changed_parts == [] and effects.other_cases == []


def test_a_joint_case_is_not_returned(hilltown):
    case, opened = received(hilltown, "HT-5", category="demolition")
    with pytest.raises(ApiError) as refused:
        handler = person("ht-zjj", "department_handler")
        run(hilltown, case, handler, commands.send_back("not_our_duty", "不归我们"), opened.new_parts)
    assert (refused.value.status, refused.value.code) == (409, "joint_case")


def test_a_declined_part_reassigned_by_the_coordinator_is_a_changed_part_with_a_new_timer(hilltown):
    case, opened = received(hilltown, "HT-6", category="demolition")
    parts, mzj = opened.new_parts, opened.new_parts[1]
    declined = run(
        hilltown,
        case,
        person("ht-mzj", "department_handler"),
        commands.answer_part(mzj.part_id, False, "无补贴政策"),
        parts,
    )
    assert declined.changed_parts == [mzj] and (mzj.status, mzj.note) == ("declined", "无补贴政策")
    with pytest.raises(ApiError):
        run(hilltown, case, person("ht-zjj", "department_handler"), commands.decide_part(mzj.part_id, "ht-cgj"), parts)
    moved = run(hilltown, case, DISPATCHER, commands.decide_part(mzj.part_id, "ht-cgj"), parts)
    assert moved.changed_parts == [mzj] and (mzj.unit_id, mzj.status) == ("ht-cgj", "open")
    assert [t.part_id for t in moved.timers] == [mzj.part_id] and moved.new_parts == []


def test_the_lead_resolves_once_every_part_is_done_and_its_own_part_is_completed(hilltown):
    case, opened = received(hilltown, "HT-7", category="demolition")
    lead, parts = opened.new_parts[0], opened.new_parts
    with pytest.raises(Refused) as early:
        run(hilltown, case, person("ht-zjj", "department_handler"), commands.resolve("reply", "已安置"), parts)
    assert early.value.code == "parts_open" and lead.status == "accepted"
    for part in parts[1:]:
        who = person(part.unit_id, "department_handler")
        run(hilltown, case, who, commands.answer_part(part.part_id, True, ""), parts)
        done = run(hilltown, case, who, commands.complete_part(part.part_id, "已完成"), parts)
        assert done.changed_parts == [part] and types(done) == ["case.part_completed.v1"]
    resolved = run(hilltown, case, person("ht-zjj", "department_handler"), commands.resolve("reply", "已安置"), parts)
    assert types(resolved) == ["case.resolved.v1"] and resolved.changed_parts == [lead] and lead.status == "completed"


def test_merging_a_duplicate_carries_the_open_case_s_audit_step(hilltown):
    original, _ = received(hilltown, "HT-8")
    duplicate, _ = received(hilltown, "HT-9", duplicate_of=original.id)
    effects = run(hilltown, duplicate, HANDLER, commands.merge(None), others=(original,))
    assert types(effects) == ["case.merged.v1"] and (duplicate.state, duplicate.merged_into) == ("merged", original.id)
    [(touched, noted)] = effects.other_cases
    assert (
        touched is original
        and [(s.action, s.reason) for s in noted.steps] == [("merged_in", "HT-9 merged into this case")]
        and noted.events == []
    )


def test_a_merge_target_the_handler_cannot_see_or_did_not_name_is_refused(hilltown):
    elsewhere, _ = received(hilltown, "HT-10", grid="HT-C2-G01")
    case, _ = received(hilltown, "HT-11")
    with pytest.raises(ApiError) as unseen:
        run(hilltown, case, HANDLER, commands.merge(elsewhere.id), others=(elsewhere,))
    with pytest.raises(ApiError) as unnamed:
        run(hilltown, case, HANDLER, commands.merge(None))
    assert [(e.value.status, e.value.code) for e in (unseen, unnamed)] == [(404, "not_found"), (422, "no_target")]
    assert case.state == "dispatched"


def test_manual_dispatch_needs_the_dispatcher_above_and_a_known_unit(hilltown):
    case, _ = received(hilltown, "HT-12", grid="NOPE")
    assert case.unit_id == "hilltown-triage"
    with pytest.raises(ApiError) as unknown:
        run(hilltown, case, DISPATCHER, commands.dispatch_to("ht-nowhere"))
    with pytest.raises(ApiError) as not_above:
        run(hilltown, case, STREET, commands.dispatch_to("ht-c1"))
    assert (unknown.value.status, not_above.value.status) == (422, 403)
    effects = run(hilltown, case, DISPATCHER, commands.dispatch_to("ht-c1"))
    assert types(effects) == ["case.dispatched.v1"] and (case.unit_id, case.stage) == ("ht-c1", 2)


def test_a_leader_takes_ownership_a_handler_may_not(hilltown):
    case, _ = received(hilltown, "HT-13")
    with pytest.raises(ApiError) as refused:
        run(hilltown, case, HANDLER, commands.take_ownership)
    assert refused.value.status == 403 and case.owner_id is None
    effects = run(hilltown, case, person("hilltown", "leader"), commands.take_ownership)
    assert case.owner_id == "hilltown-p" and [s.action for s in effects.steps] == ["owner_assigned"]
