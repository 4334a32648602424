"""Routing's rules in plain Python: location, dispatch, deadline rules on the working-day calendar,
returns and timers. No broker, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from minqing_contracts.events.base import Actor
from minqing_kit.orgconfig import load_districts
from minqing_routing.bootstrap import build_district
from minqing_routing.domain import aftercare, deadlines, returns
from minqing_routing.domain.case import Case, Refused
from minqing_routing.domain.deadlines import Timer
from minqing_routing.domain.dispatch import first_assignment

HERE = Path(__file__).parent
SHANGHAI = ZoneInfo("Asia/Shanghai")
HANDLER = Actor(kind="person", id="ht-c1-h1", name="张一", role="community_handler", unit_id="ht-c1")


@pytest.fixture(scope="module")
def configs():
    found = load_districts(HERE / "districts")
    found.update(load_districts(HERE.parents[1] / "config" / "districts"))
    return found


@pytest.fixture(scope="module")
def hilltown(configs):
    return build_district(configs["hilltown"], "")


@pytest.mark.parametrize(
    "grid, address, lat, lon, expected",
    [
        ("HT-C2-G01", "山城区幸福路1号楼", None, None, ("HT-C2-G01", "ht-c2", "grid_code")),
        (None, "山城区幸福路1号楼", None, None, ("HT-C1-G01", "ht-c1", "address_exact")),
        (None, "幸福路一号楼", None, None, ("HT-C1-G01", "ht-c1", "address_exact")),
        (None, "山城区 和平路8号 门口垃圾没人管", None, None, ("HT-C2-G01", "ht-c2", "address_fuzzy")),
        (None, "山城区西山路三号", None, None, ("HT-C3-G01", "ht-c3", "address_exact")),
        (None, "山城区西三路3号", None, None, ("HT-C3-G01", "ht-c3", "address_fuzzy")),
        (None, "火星基地", 30.02, 120.07, ("HT-C2-G01", "ht-c2", "coordinates")),
        ("NOPE", "火星基地", 10.0, 10.0, (None, None, "unresolved")),
    ],
)
def test_location_by_grid_address_alias_fuzzy_and_coordinates(hilltown, grid, address, lat, lon, expected):
    place = hilltown.locator.locate(grid, address, lat, lon)
    assert (place.grid_code, place.community_id, place.how) == expected


def test_xinlin_alias_with_numeral_finds_the_building_grid(configs):
    xinlin = build_district(configs["xinlin"], "")
    place = xinlin.locator.locate(None, "幸福小区三号楼门前", None, None)
    assert (place.grid_code, place.community_id) == ("XL-XF-01-G01", "xl-xf")


@pytest.mark.parametrize(
    "category, expected_unit, reason",
    [
        ("environment", "ht-c1", "lowest_level"),
        ("social_security", "ht-s1", "lowest_level"),
        ("public_safety", "hilltown", "lowest_level"),
        ("demolition", "ht-zjj", "rule_table"),
    ],
)
def test_dispatch_goes_to_the_lowest_level_that_can_handle_it(hilltown, category, expected_unit, reason):
    place = hilltown.locator.locate("HT-C1-G01", None, None, None)
    assignment = first_assignment(hilltown.org, category, place)
    assert (assignment.unit.id, assignment.reason) == (expected_unit, reason)


def test_unlocated_case_goes_to_the_district_triage_queue(hilltown):
    assignment = first_assignment(hilltown.org, "environment", hilltown.locator.locate(None, "不知道", None, None))
    assert (assignment.unit.id, assignment.unit.level, assignment.reason) == ("hilltown-triage", "triage", "triage")
    assert hilltown.org.parent("hilltown-triage").id == "hilltown"


def test_rule_joint_with_names_the_co_handlers(hilltown):
    assignment = first_assignment(hilltown.org, "demolition", hilltown.locator.locate("HT-C1-G01", None, None, None))
    assert assignment.joint_with == ("ht-mzj", "ht-sfj")


@pytest.mark.parametrize(
    "category, level, urgent, expected",
    [
        ("environment", "community", False, ("2m", "4m")),
        ("environment", "street", False, ("3m", "6m")),
        ("property", "community", False, ("1wd", "5wd")),
        ("property", "district", False, ("2wd", "10wd")),
        ("property", "district", True, ("1m", "2m")),
        ("environment", "triage", False, ("2m", "4m")),
    ],
)
def test_most_specific_deadline_rule_wins_and_urgent_cases_get_urgent_rules(configs, category, level, urgent, expected):
    rule = deadlines.select_rule(configs["hilltown"].deadlines, category, level, urgent)
    assert (rule.response, rule.resolution) == expected


def test_xinlin_urgent_municipal_beats_generic_urgent_and_public_safety_rule_applies(configs):
    rules = configs["xinlin"].deadlines
    assert deadlines.select_rule(rules, "municipal", "community", True).resolution == "2h"
    assert deadlines.select_rule(rules, "health", "street", True).resolution == "4h"
    assert deadlines.select_rule(rules, "public_safety", "department", False).resolution == "1d"


def test_deadline_across_national_day_and_the_adjusted_workday_saturday(hilltown):
    # 2026: 国庆/中秋 1–7 Oct off; Saturday 10 Oct is a working day (调休).
    start = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    found = deadlines.compute(hilltown.calendar, hilltown.config.deadlines, "property", "community", False, start)
    assert found.response == datetime(2026, 10, 8, 17, 30, tzinfo=SHANGHAI)
    assert found.resolution == datetime(2026, 10, 13, 17, 30, tzinfo=SHANGHAI)  # 8, 9, 10 (Sat), 12, 13


def test_deadline_in_2027_does_not_crash_and_is_reported(configs):
    plain = build_district(configs["hilltown"], "")
    found = deadlines.compute(
        plain.calendar,
        plain.config.deadlines,
        "property",
        "community",
        False,
        datetime(2027, 9, 30, 10, 0, tzinfo=SHANGHAI),
    )
    assert found.resolution.date() > datetime(2027, 10, 7).date()  # not inside the public holiday
    assert any("2027" in w for w in plain.calendar.warnings())
    xinlin = build_district(configs["xinlin"], "")
    # Xinlin loads 2027 as data: 1-7 Oct off, Sat 9 Oct worked: 8, 9 (Sat), 11 → 3 working days.
    assert (
        xinlin.calendar.add_working_days(datetime(2027, 9, 30, 10, tzinfo=SHANGHAI), 3).date().isoformat()
        == "2027-10-11"
    )


def _case(hilltown, category="environment", grid="HT-C1-G01") -> Case:
    place = hilltown.locator.locate(grid, None, None, None)
    return Case(
        id="c-1",
        district="hilltown",
        ticket="HT-1",
        category=category,
        urgent=False,
        grid_code=place.grid_code,
        community_id=place.community_id,
        located_by=place.how,
    )


def test_first_return_redispatches_to_the_next_candidate_second_goes_up_a_level(hilltown):
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    case = _case(hilltown)
    hilltown.work.dispatch(case, first_assignment(hilltown.org, "environment", case.place), now)
    first = returns.send_back(hilltown.work, case, HANDLER, "wrong_place", "不属于本社区", now)
    assert [type(e).EVENT_TYPE for e in first.events] == ["case.returned.v1", "case.dispatched.v1"]
    assert (case.unit_id, first.events[1].reason) == ("ht-cgj", "redispatch")
    second = returns.send_back(hilltown.work, case, HANDLER, "not_our_duty", "不属于城管", now)
    assert [type(e).EVENT_TYPE for e in second.events] == ["case.returned.v1", "case.escalated.v1"]
    assert (case.unit_id, case.level, case.return_count) == ("hilltown", "district", 2)
    assert [s.action for s in second.steps] == ["return", "escalate"]


def test_timers_written_for_a_dispatch_and_what_they_do(hilltown):
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    case = _case(hilltown)
    effects = hilltown.work.dispatch(case, first_assignment(hilltown.org, "environment", case.place), now)
    due = sorted((t.due_at - now, t.kind, t.deadline_kind) for t in effects.timers if t.deadline_kind != "acceptance")
    assert due == [(timedelta(minutes=1), "remind", "response"), (timedelta(minutes=3), "remind", "resolution")]
    remind = next(t for t in effects.timers if t.deadline_kind == "response")
    reminded = hilltown.work.on_timer(case, remind, now + timedelta(minutes=1))
    [supervise] = reminded.timers
    assert (supervise.kind, supervise.due_at - now) == ("supervise", timedelta(minutes=2))
    notice = hilltown.work.on_timer(case, supervise, now + timedelta(minutes=2))
    assert notice.events[0].supervisor_unit_id == "ht-s1"
    [escalate_later] = notice.timers  # the deadline's own duration again after it passed
    assert (escalate_later.kind, escalate_later.due_at - now) == ("escalate", timedelta(minutes=4))
    hilltown.work.accept(case, HANDLER, now)
    assert hilltown.work.on_timer(case, supervise, now + timedelta(minutes=2)).events == []  # accepted: moot
    escalate = Timer("escalate", "resolution", case.resolution_deadline, now + timedelta(minutes=8))
    moved = hilltown.work.on_timer(case, escalate, now + timedelta(minutes=8))
    assert (case.unit_id, moved.events[0].automatic) == ("ht-s1", True)


def test_reopen_returns_to_the_resolver_until_the_limit_then_goes_up(hilltown):
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    case = _case(hilltown)
    hilltown.work.dispatch(case, first_assignment(hilltown.org, "environment", case.place), now)
    seen = []
    for _ in range(3):
        hilltown.work.resolve(case, HANDLER, "reply", "已处理", now)
        effects = aftercare.reopen(hilltown.work, case, "not_satisfied", now)
        seen.append((case.unit_id, effects.events[0].escalated, type(effects.events[1]).EVENT_TYPE))
    # reopen_limit 2: the second reopen goes up a level; a further one (evaluation sends none) goes up again
    assert seen == [
        ("ht-c1", False, "case.supervised.v1"),
        ("ht-s1", True, "case.supervised.v1"),
        ("hilltown", True, "case.supervised.v1"),
    ]
    assert aftercare.reopen(hilltown.work, case, "again", now).events == []  # not resolved: left alone


def test_resolve_of_a_closed_case_is_refused(hilltown):
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    case = _case(hilltown)
    hilltown.work.dispatch(case, first_assignment(hilltown.org, "environment", case.place), now)
    hilltown.work.resolve(case, HANDLER, "explanation", "政策不允许", now)
    with pytest.raises(Refused) as refused:
        hilltown.work.resolve(case, HANDLER, "reply", "again", now)
    assert refused.value.code == "case_closed"
