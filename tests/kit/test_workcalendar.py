"""Deadlines in working days on China's calendar, with adjusted workdays and unknown years."""

from datetime import UTC, date, datetime

from minqing_contracts.org import Calendar
from minqing_kit.workcalendar import WorkCalendar


def local_date(moment):
    return moment.astimezone(WorkCalendar().tz).date()


def test_deadline_skips_national_day_week():
    # Received Wed 2026-09-30: 10-01..10-07 are holidays, so 1 working day later is Thu 10-08.
    assert local_date(WorkCalendar().deadline(datetime(2026, 9, 30, 2, tzinfo=UTC), "1wd")) == date(2026, 10, 8)


def test_adjusted_workday_saturday_counts():
    # Sat 2026-10-10 is an adjusted workday (调休): Fri 10-09 + 1wd lands on that Saturday.
    assert local_date(WorkCalendar().deadline(datetime(2026, 10, 9, 2, tzinfo=UTC), "1wd")) == date(2026, 10, 10)


def test_ordinary_weekend_is_skipped():
    # Fri 2026-11-20 + 1wd is Mon 11-23.
    assert local_date(WorkCalendar().deadline(datetime(2026, 11, 20, 2, tzinfo=UTC), "1wd")) == date(2026, 11, 23)


def test_deadline_ends_at_close_of_business_local_time():
    deadline = WorkCalendar().deadline(datetime(2026, 11, 20, 2, tzinfo=UTC), "1wd")
    assert deadline.astimezone(WorkCalendar().tz).strftime("%H:%M") == "17:30"


def test_2027_does_not_crash_and_warns():
    calendar = WorkCalendar()
    deadline = calendar.deadline(datetime(2026, 12, 30, 2, tzinfo=UTC), "3wd")
    # 12-31 (Thu) then 2027: 01-01 is New Year's Day (holidays.China), so 01-04 (Mon) and 01-05.
    assert local_date(deadline) == date(2027, 1, 5)
    assert any("2027" in w for w in calendar.warnings())


def test_overrides_loaded_as_data_win():
    calendar = WorkCalendar(Calendar(holidays=[date(2027, 1, 4)], workdays=[date(2027, 1, 9)]))
    assert not calendar.is_workday(date(2027, 1, 4))
    assert calendar.is_workday(date(2027, 1, 9))  # a Saturday made a workday


def test_plain_durations():
    start = datetime(2026, 11, 21, 12, tzinfo=UTC)  # a Saturday: plain durations ignore the calendar
    assert WorkCalendar().deadline(start, "30m") == datetime(2026, 11, 21, 12, 30, tzinfo=UTC)
    assert WorkCalendar().deadline(start, "2d") == datetime(2026, 11, 23, 12, tzinfo=UTC)
