"""Acceptance clocks (签收时限) on fixture calendars, in plain Python: 15 working minutes across a lunch
break, one working day across 调休 (the official calendar's and a district's own, in 2027), and the
clock's reminder, supervision (督办) and escalation, which stop once the unit signs for the case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from minqing_contracts.events.base import Actor
from minqing_contracts.org import AcceptanceRule, Calendar
from minqing_kit.orgconfig import load_districts
from minqing_kit.workcalendar import WorkCalendar
from minqing_routing.bootstrap import build_district
from minqing_routing.domain.case import Case
from minqing_routing.domain.dispatch import first_assignment

SHANGHAI = ZoneInfo("Asia/Shanghai")
HANDLER = Actor(kind="person", id="ht-c1-h1", name="张一", role="community_handler", unit_id="ht-c1")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def hilltown():
    """Hilltown with a lunch break and Tianjin's clocks, the urgent one counted in working hours."""
    config = load_districts(Path(__file__).parent / "districts")["hilltown"]
    rules = [
        AcceptanceRule(urgent=True, accept="15m", remind_before="5m", working_hours=True),
        AcceptanceRule(category="municipal", accept="30m", remind_before="10m"),
        AcceptanceRule(accept="1wd", remind_before="2h"),
    ]
    holidays = [datetime(2027, 10, day).date() for day in range(1, 8)]
    calendar = Calendar(breaks=["12:00-13:30"], workdays=[datetime(2027, 9, 25).date()], holidays=holidays)
    return build_district(config.model_copy(update={"acceptance": rules, "calendar": calendar}), "")


def dispatched(district, now: datetime, category: str = "environment", urgent: bool = False):
    case = Case(
        id=f"id-{category}-{urgent}",
        district="hilltown",
        ticket="HT-A1",
        category=category,
        urgent=urgent,
        grid_code="HT-C1-G01",
        community_id="ht-c1",
        located_by="grid_code",
    )
    effects = district.work.dispatch(case, first_assignment(district.org, category, case.place), now)
    return case, effects


def test_fifteen_working_minutes_cross_the_lunch_break():
    calendar = WorkCalendar(Calendar(breaks=["12:00-13:30"]))
    assert calendar.deadline(local(2026, 11, 23, 11, 55), "15m", working_hours=True) == local(2026, 11, 23, 13, 40)
    assert calendar.deadline(local(2026, 11, 23, 11, 55), "15m") == local(2026, 11, 23, 12, 10)  # around the clock
    # Friday evening: the rest of the quarter hour runs on Monday morning
    assert calendar.deadline(local(2026, 11, 27, 17, 25), "15m", working_hours=True) == local(2026, 11, 30, 9, 10)
    # a Sunday in a year the official data does not know: counted on the fallback calendar, no crash
    assert calendar.deadline(local(2027, 3, 7, 10, 0), "15m", working_hours=True) == local(2027, 3, 8, 9, 15)


def test_one_working_day_crosses_the_official_and_the_districts_adjusted_workdays(hilltown):
    # 2026 Spring Festival: Saturday 14 February is an official 调休 working day
    case, _ = dispatched(hilltown, local(2026, 2, 13, 10, 0))
    assert case.acceptance_deadline == local(2026, 2, 14, 17, 30)
    # 2027: the district's own adjusted workday, Saturday 25 September
    case, _ = dispatched(hilltown, local(2027, 9, 24, 10, 0))
    assert case.acceptance_deadline == local(2027, 9, 25, 17, 30)
    # the district's holiday week after it is skipped: Thursday 30 September to Friday 8 October
    case, _ = dispatched(hilltown, local(2027, 9, 30, 16, 0))
    assert case.acceptance_deadline == local(2027, 10, 8, 17, 30)


def test_the_acceptance_clock_is_set_at_dispatch_before_the_others(hilltown):
    now = local(2026, 11, 23, 11, 55)
    case, effects = dispatched(hilltown, now, "municipal")
    assert case.acceptance_deadline == now + timedelta(minutes=30)  # water, power, gas, heat: 30 minutes
    assert effects.events[0].acceptance_deadline == case.acceptance_deadline
    [timer] = [t for t in effects.timers if t.deadline_kind == "acceptance"]
    assert (timer.kind, timer.due_at) == ("remind", now + timedelta(minutes=20))


def test_the_urgent_clock_is_reminded_supervised_and_escalated_in_working_minutes(hilltown):
    now = local(2026, 11, 23, 11, 55)
    case, effects = dispatched(hilltown, now, urgent=True)
    assert case.acceptance_deadline == local(2026, 11, 23, 13, 40)
    [remind] = [t for t in effects.timers if t.deadline_kind == "acceptance"]
    assert remind.due_at == local(2026, 11, 23, 13, 35)
    reminded = hilltown.work.on_timer(case, remind, remind.due_at)
    assert (reminded.events[0].acceptance, reminded.events[0].deadline_kind) == (True, "response")
    [supervise] = reminded.timers
    noticed = hilltown.work.on_timer(case, supervise, supervise.due_at)
    assert noticed.events[0].acceptance and noticed.events[0].notice == "已超过签收时限,请立即签收"
    assert noticed.events[0].supervisor_unit_id == "ht-s1"
    [escalate] = noticed.timers  # the acceptance time again, in working minutes
    assert (escalate.kind, escalate.due_at) == ("escalate", local(2026, 11, 23, 13, 55))
    moved = hilltown.work.on_timer(case, escalate, escalate.due_at)
    assert (case.unit_id, moved.events[0].reason) == ("ht-s1", "acceptance deadline passed")


def test_accepting_stops_the_clock_and_says_how_long_it_took(hilltown):
    now = local(2026, 11, 23, 11, 55)
    case, effects = dispatched(hilltown, now, urgent=True)
    [remind] = [t for t in effects.timers if t.deadline_kind == "acceptance"]
    accepted = hilltown.work.accept(case, HANDLER, now + timedelta(minutes=4)).events[0]
    assert (accepted.seconds_to_accept, accepted.within_acceptance_deadline) == (240, True)
    assert hilltown.work.on_timer(case, remind, remind.due_at).events == []  # accepted: moot


def test_a_late_acceptance_is_counted_late(hilltown):
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    case, _ = dispatched(hilltown, now, "municipal")
    accepted = hilltown.work.accept(case, HANDLER, now + timedelta(minutes=31)).events[0]
    assert (accepted.seconds_to_accept, accepted.within_acceptance_deadline) == (31 * 60, False)


def test_the_first_contact_is_due_a_day_after_acceptance_and_supervised_unless_recorded(hilltown):
    now = local(2026, 11, 23, 10, 0)
    case, _ = dispatched(hilltown, now)
    accepted = hilltown.work.accept(case, HANDLER, now + timedelta(hours=1))
    assert case.contact_deadline == now + timedelta(hours=25)  # Shenzhen: within 24 hours of 签收
    [remind] = [t for t in accepted.timers if t.deadline_kind == "contact"]
    assert (remind.kind, remind.due_at) == ("remind", now + timedelta(hours=21))
    reminded = hilltown.work.on_timer(case, remind, remind.due_at)
    assert (reminded.events[0].first_contact, reminded.events[0].acceptance) == (True, False)
    [supervise] = reminded.timers
    noticed = hilltown.work.on_timer(case, supervise, supervise.due_at)
    assert noticed.events[0].first_contact and noticed.events[0].notice == "已超过首次联系时限,请立即联系居民"
    assert noticed.timers == []  # supervised, not escalated: the case stays with its unit
    hilltown.work.record_progress(case, HANDLER, "已电话联系居民", False, "contacted_resident")
    assert case.contact_deadline is None
    assert hilltown.work.on_timer(case, supervise, supervise.due_at).events == []  # recorded: moot


def test_a_district_without_the_first_contact_step_sets_no_contact_clock():
    config = load_districts(Path(__file__).parent / "districts")["hilltown"]
    district = build_district(config.model_copy(update={"first_contact": None}), "")
    now = local(2026, 11, 23, 10, 0)
    case, _ = dispatched(district, now)
    accepted = district.work.accept(case, HANDLER, now)
    assert case.contact_deadline is None and [t for t in accepted.timers if t.deadline_kind == "contact"] == []
