"""A coordination meeting's decision as a case's reply, in plain Python: an open case is resolved with
it (a joint case's open parts done with it), a case already resolved or closed is left alone."""

from __future__ import annotations

from minqing_routing.domain.meeting_reply import reply_text, resolve_by_meeting

from .test_commands import NOW, hilltown, received  # noqa: F401  (hilltown is a fixture)

REPLY = reply_text("4号楼漏水协调会", "2026-11-23", "物业一周内更换防水层")


def types(effects) -> list[str]:
    return [type(e).EVENT_TYPE for e in effects.events]


def test_an_open_case_is_resolved_with_the_meeting_and_its_decision(hilltown):  # noqa: F811
    case, _ = received(hilltown, "HT-M1")
    effects = resolve_by_meeting(hilltown.work, case, [], "mt-1", REPLY, NOW)
    [event] = effects.events
    assert types(effects) == ["case.resolved.v1"] and case.state == "resolved"
    assert event.reply == "经2026-11-23召开的协调会“4号楼漏水协调会”议定：物业一周内更换防水层"
    assert (event.outcome, event.actor.id, event.actor.role) == ("reply", "mt-1", "meeting")


def test_a_joint_case_s_open_parts_are_done_with_the_decision(hilltown):  # noqa: F811
    case, opened = received(hilltown, "HT-M2", category="demolition")
    parts = opened.new_parts
    effects = resolve_by_meeting(hilltown.work, case, parts, "mt-2", REPLY, NOW)
    assert types(effects) == ["case.resolved.v1"]
    assert {p.status for p in parts} == {"completed"} and effects.changed_parts == parts


def test_a_resolved_case_is_left_alone(hilltown):  # noqa: F811
    case, _ = received(hilltown, "HT-M3")
    resolve_by_meeting(hilltown.work, case, [], "mt-3", REPLY, NOW)
    assert resolve_by_meeting(hilltown.work, case, [], "mt-3", REPLY, NOW).events == []
