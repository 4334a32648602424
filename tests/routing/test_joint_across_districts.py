"""Joint handling across districts (跨区联办) as pure commands, on the demo districts' agreement: luwan's
田子坊 grid (LW-TK-03-G01) may ask xinlin's 城管局, 翠岗镇 and 翠峰社区 for a part. The part runs on
xinlin's calendar and rules (its 2027 春节 is in xinlin's file alone), fitted inside the lead's deadline;
its events name both districts and xinlin's copy carries only the lead's part and its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from minqing_kit.errors import ApiError
from minqing_kit.orgconfig import load_districts
from minqing_kit.tokens import Principal
from minqing_routing import commands
from minqing_routing.bootstrap import build_districts
from minqing_routing.command_context import CommandContext
from minqing_routing.domain import access, deadlines, joint, reception
from minqing_routing.domain.case import Case, Received, Refused
from minqing_routing.domain.deadlines import Timer

DEMO = Path(__file__).resolve().parents[2] / "config" / "districts"
NOW = datetime(2027, 2, 3, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai, two days before xinlin's 春节 break


@pytest.fixture(scope="module")
def demo():
    return build_districts(load_districts(DEMO), "")


def person(district: str, unit: str, *roles: str) -> Principal:
    return Principal(person_id=f"{unit}-p", name="某", district=district, unit_id=unit, roles=roles)


LEAD = person("luwan", "lw-tk", "community_handler")
PARTNER = person("xinlin", "xl-cf", "community_handler")
OTHER_PARTNER = person("xinlin", "xl-xf", "community_handler")  # xinlin, but holds no part


def accepted(district, ticket: str, grid: str = "LW-TK-03-G01") -> Case:
    place = district.locator.locate(grid, None, None, None)
    case = Case(f"id-{ticket}", "luwan", ticket, "environment", False, place.grid_code, place.community_id, place.how)
    reception.receive(district.work, case, Received("田子坊弄堂口垃圾堆积", None, NOW), NOW)
    run(district, case, person("luwan", case.unit_id, "community_handler"), commands.accept)
    return case


def run(district, case, who, command, parts=(), when=NOW):
    return command(CommandContext(district, case, list(parts), who, when, lambda _id: None))


def test_the_partner_s_part_is_due_on_its_own_calendar_fitted_inside_the_lead_s(demo):
    luwan, xinlin = demo["luwan"], demo["xinlin"]
    case = accepted(luwan, "LW-X-1")
    assert case.unit_id == "lw-tk"
    own = deadlines.compute(xinlin.calendar, xinlin.config.deadlines, "environment", "community", False, NOW)
    in_luwan = deadlines.compute(luwan.calendar, luwan.config.deadlines, "environment", "community", False, NOW)
    assert own.resolution > in_luwan.resolution  # xinlin's 5 working days cross its 春节 holidays, luwan's do not

    fitted = run(luwan, case, LEAD, commands.open_joint([("xl-cf", "翠峰社区一侧清运")], "主办清运"))
    lead, part = fitted.new_parts
    assert (part.district, part.deadline) == ("xinlin", case.resolution_deadline)  # cut to the lead's
    assert lead.district is None and [t.part_id for t in fitted.timers] == [part.part_id]

    extended_case = accepted(luwan, "LW-X-2")
    command = commands.open_joint([("xl-cf", "翠峰社区一侧清运")], "主办清运", extend_reason="对方区春节放假")
    extended = run(luwan, extended_case, LEAD, command)
    assert extended.new_parts[1].deadline == own.resolution == extended_case.resolution_deadline


def test_only_units_the_agreement_names_at_the_places_it_covers(demo):
    luwan = demo["luwan"]
    for unit, code in (("xl-zjj", "no_agreement"), ("xl-nowhere", "unknown_unit"), ("xinlin-triage", "no_agreement")):
        with pytest.raises(Refused) as refused:
            run(luwan, accepted(luwan, f"LW-U-{unit}"), LEAD, commands.open_joint([(unit, "协办")], "主办"))
        assert (refused.value.code, refused.value.status) == (code, 422)
    elsewhere = accepted(luwan, "LW-U-2", grid="LW-SS-01-G01")  # 思南: no agreement covers it
    with pytest.raises(Refused) as refused:
        run(
            luwan,
            elsewhere,
            person("luwan", elsewhere.unit_id, "community_handler"),
            commands.open_joint([("xl-cf", "协办")], "主办"),
        )
    assert refused.value.code == "no_agreement"


def test_events_name_both_districts_and_the_partner_s_copy_shows_only_what_concerns_it(demo):
    luwan = demo["luwan"]
    case = accepted(luwan, "LW-E-1")
    command = commands.open_joint([("lw-lrj", "绿化市容执法"), ("xl-cf", "翠峰社区一侧清运")], "主办清运")
    effects = run(luwan, case, LEAD, command)
    [opened] = effects.events
    assert opened.districts == ["luwan", "xinlin"]
    assert [(p.unit_id, p.district_id) for p in opened.parts] == [
        ("lw-tk", None),
        ("lw-lrj", None),
        ("xl-cf", "xinlin"),
    ]
    [(district, copy)] = effects.elsewhere
    assert district == "xinlin" and copy.districts == ["luwan", "xinlin"]
    assert [(p.unit_id, p.unit_name, p.lead) for p in copy.parts] == [
        ("lw-tk", "泰康居民区", True),
        ("xl-cf", "翠峰社区", False),
    ]


def test_the_partner_answers_its_part_and_the_case_resolves_when_every_part_in_both_districts_is_done(demo):
    luwan = demo["luwan"]
    case = accepted(luwan, "LW-R-1")
    opened = run(luwan, case, LEAD, commands.open_joint([("lw-lrj", "执法"), ("xl-cf", "清运")], "主办"))
    parts = opened.new_parts
    mine = parts[2]
    assert access.readable(luwan.org, PARTNER, case, access.part_units(case, parts, "xinlin"))
    assert not access.readable(luwan.org, OTHER_PARTNER, case, access.part_units(case, parts, "xinlin"))
    for who in (OTHER_PARTNER, person("luwan", "lw-lrj", "department_handler")):
        with pytest.raises(ApiError) as refused:
            run(luwan, case, who, commands.answer_part(mine.part_id, True, ""), parts)
        assert refused.value.status == 403
    with pytest.raises(ApiError) as refused:  # a co-handler never answers the case
        run(luwan, case, PARTNER, commands.resolve("reply", "已清运"), parts)
    assert refused.value.status == 403

    run(luwan, case, PARTNER, commands.answer_part(mine.part_id, True, ""), parts)
    done = run(luwan, case, PARTNER, commands.complete_part(mine.part_id, "翠峰社区一侧已清运"), parts)
    [completed] = done.events
    assert (completed.unit_name, completed.lead_unit_id, completed.districts) == (
        "翠峰社区",
        "lw-tk",
        ["luwan", "xinlin"],
    )
    assert done.elsewhere == [("xinlin", completed)]
    with pytest.raises(Refused) as not_yet:  # luwan's own co-handler is not done yet
        run(luwan, case, LEAD, commands.resolve("reply", "已清运"), parts)
    assert (not_yet.value.status, not_yet.value.code) == (409, "parts_open")

    lrj = person("luwan", "lw-lrj", "department_handler")
    run(luwan, case, lrj, commands.answer_part(parts[1].part_id, True, ""), parts)
    run(luwan, case, lrj, commands.complete_part(parts[1].part_id, "已执法"), parts)
    resolved = run(luwan, case, LEAD, commands.resolve("reply", "两区已共同清运完毕"), parts)
    assert case.state == "resolved" and [type(e).EVENT_TYPE for e in resolved.events] == ["case.resolved.v1"]


def test_the_partner_s_overdue_part_is_supervised_up_its_own_district_on_its_own_stream(demo):
    luwan = demo["luwan"]
    case = accepted(luwan, "LW-S-1")
    opened = run(luwan, case, LEAD, commands.open_joint([("xl-cf", "清运")], "主办"))
    part = opened.new_parts[1]
    timer = Timer("supervise", "resolution", part.deadline, part.deadline, case.stage, part.part_id)
    effects = joint.on_part_timer(luwan.work, case, part, timer, NOW)
    assert effects.events == []
    [(district, notice)] = effects.elsewhere
    assert district == "xinlin"
    assert (notice.unit_id, notice.unit_name, notice.level) == ("xl-cf", "翠峰社区", "community")
    assert (notice.supervisor_unit_id, notice.districts) == ("xl-cg", ["luwan", "xinlin"])  # 翠岗镇, xinlin's street
    assert [s.action for s in effects.steps] == ["supervise_part"]
    moved = replace(timer, deadline=NOW + timedelta(days=1))
    assert joint.on_part_timer(luwan.work, case, part, moved, NOW).empty


def test_the_partner_s_part_is_reminded_supervised_and_escalated_by_the_partner_s_rules_and_calendar(demo):
    luwan, xinlin = demo["luwan"], demo["xinlin"]
    case = accepted(luwan, "LW-S-2")
    opened = run(luwan, case, LEAD, commands.open_joint([("xl-cf", "清运")], "主办"))
    part = opened.new_parts[1]
    [remind] = opened.timers  # xinlin's rule for its community: resolution 5wd, reminded 4h ahead (the default)
    assert (remind.kind, remind.part_id, remind.due_at) == ("remind", part.part_id, part.deadline - timedelta(hours=4))

    reminded = joint.on_part_timer(luwan.work, case, part, remind, remind.due_at)
    [(district, approaching)] = reminded.elsewhere
    assert reminded.events == [] and district == "xinlin"
    assert (type(approaching).EVENT_TYPE, approaching.unit_id, approaching.deadline) == (
        "deadline.approaching.v1",
        "xl-cf",
        part.deadline,
    )
    assert approaching.districts == ["luwan", "xinlin"]  # the case's district first, as the 督办 names them
    [supervise] = reminded.timers
    assert (supervise.kind, supervise.due_at, supervise.part_id) == ("supervise", part.deadline, part.part_id)

    supervised = joint.on_part_timer(luwan.work, case, part, supervise, part.deadline)
    [(_, notice)] = supervised.elsewhere
    assert (type(notice).EVENT_TYPE, notice.supervisor_unit_id) == ("case.supervised.v1", "xl-cg")
    [escalate] = supervised.timers  # 5 working days after the deadline on xinlin's calendar, not luwan's
    assert escalate.kind == "escalate" and escalate.due_at == xinlin.calendar.deadline(part.deadline, "5wd")
    assert escalate.due_at != luwan.calendar.deadline(part.deadline, "5wd")

    escalated = joint.on_part_timer(luwan.work, case, part, escalate, escalate.due_at)
    assert (part.unit_id, part.district, part.status) == ("xl-cg", "xinlin", "open")  # up xinlin's tree: 翠岗镇
    assert part.deadline == case.resolution_deadline  # its street's rule, never after the lead
    [progress] = escalated.events
    assert progress.note == "协办事项超期未办,上报至翠岗镇: 清运" and escalated.changed_parts == [part]
    [again] = escalated.timers  # the lead's deadline has passed too: 翠岗镇 is supervised at once
    assert (again.kind, again.part_id, again.deadline) == ("supervise", part.part_id, part.deadline)
    top = joint.on_part_timer(luwan.work, case, replace(part, unit_id="xinlin"), escalate, escalate.due_at)
    assert top.empty  # xinlin's district itself has no level above


def test_a_part_of_the_case_s_district_is_reminded_and_escalated_by_its_rules_too(demo):
    luwan = demo["luwan"]
    case = accepted(luwan, "LW-S-3")
    opened = run(luwan, case, LEAD, commands.open_joint([("lw-lrj", "执法")], "主办"))
    part = opened.new_parts[1]
    [remind] = opened.timers
    reminded = joint.on_part_timer(luwan.work, case, part, remind, remind.due_at)
    assert reminded.elsewhere == [] and [e.unit_id for e in reminded.events] == ["lw-lrj"]
    supervised = joint.on_part_timer(luwan.work, case, part, reminded.timers[0], part.deadline)
    assert [e.supervisor_unit_id for e in supervised.events] == ["lw-tk"]  # the lead supervises its own district's
    [escalate] = supervised.timers  # the department's rule: its 10 working days again
    assert escalate.due_at == luwan.calendar.deadline(part.deadline, "10wd")
