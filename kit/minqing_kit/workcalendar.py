"""Working days on China's official calendar, including adjusted workdays (调休).

Sources, in order, for each date: the district's overrides (holidays and workdays loaded as data);
``chinese_calendar`` (official data, 2004–2026 at the time of writing); ``holidays.China`` (knows
later public holidays, not always their adjusted workdays); else weekends only. A year answered by
anything but the official data is reported in ``warnings()`` (shown in the log and on /readyz) —
never a crash, never silently wrong.

A deadline of N working days ends at the close of the N-th working day after the day it starts
(``work_end`` local time); plain durations (``d``, ``h``, ``m``) are added as they are, or, asked for
working hours, ``h`` and ``m`` count only from ``work_start`` to ``work_end`` of working days, breaks
(``12:00-13:30``) left out.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays

from minqing_contracts.org import Calendar, parse_duration

log = logging.getLogger(__name__)
MAX_SCAN_DAYS = 3660


class WorkCalendar:
    def __init__(self, overrides: Calendar | None = None, timezone: str = "Asia/Shanghai"):
        overrides = overrides or Calendar()
        self.tz = ZoneInfo(timezone)
        self.holidays = set(overrides.holidays)
        self.workdays = set(overrides.workdays)
        self.override_years = {d.year for d in self.holidays | self.workdays}
        self.work_start = time.fromisoformat(overrides.work_start)
        self.work_end = time.fromisoformat(overrides.work_end)
        self.breaks = [tuple(time.fromisoformat(t) for t in span.split("-")) for span in overrides.breaks]
        self._fallback: dict[int, holidays.HolidayBase] = {}
        self._warned: dict[int, str] = {}
        self._lock = threading.Lock()
        self._days: dict[date, bool] = {}  # is_workday's answers: a few hundred days a year at most

    def is_workday(self, day: date) -> bool:
        """Answered once per day and remembered (every deadline asks about the same few weeks)."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._is_workday(day)
        return known

    def _is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return self._beyond_official_data(day)

    def _beyond_official_data(self, day: date) -> bool:
        with self._lock:
            if day.year not in self._fallback:
                self._fallback[day.year] = holidays.country_holidays("CN", years=day.year)
                known = bool(self._fallback[day.year])
                if day.year in self.override_years:
                    source = "district overrides plus holidays.China"
                elif known:
                    source = "holidays.China public holidays without official adjusted workdays"
                else:
                    source = "weekends only"
                message = (
                    f"no official working-day calendar for {day.year}: using {source}; "
                    f"load {day.year}'s holidays and adjusted workdays into the district configuration"
                )
                self._warned[day.year] = message
                log.warning(message)
            table = self._fallback[day.year]
        if day in table:
            return False
        extra: set[date] = getattr(table, "weekend_workdays", set())
        return day.weekday() < 5 or day in extra

    def add_working_days(self, start: datetime, days: int) -> datetime:
        local = start.astimezone(self.tz).date()
        counted, scanned = 0, 0
        while counted < days:
            local += timedelta(days=1)
            scanned += 1
            if scanned > MAX_SCAN_DAYS:
                raise ValueError(f"no {days} working days within {MAX_SCAN_DAYS} days of {start}")
            if self.is_workday(local):
                counted += 1
        return datetime.combine(local, self.work_end, tzinfo=self.tz)

    def working_periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's working hours (none on a day off), breaks left out, as local times."""
        if not self.is_workday(day):
            return []
        edges = [self.work_start]
        for pause_start, pause_end in sorted(self.breaks):
            edges += [pause_start, pause_end]
        edges.append(self.work_end)
        spans = [
            (datetime.combine(day, a, tzinfo=self.tz), datetime.combine(day, b, tzinfo=self.tz))
            for a, b in zip(edges[::2], edges[1::2], strict=True)
        ]
        return [(a, b) for a, b in spans if a < b]

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """``start`` plus ``amount`` counted in working hours only: 15 minutes at 11:55 with a break
        from 12:00 to 13:30 end at 13:40."""
        local, remaining = start.astimezone(self.tz), amount
        day = local.date()
        for _ in range(MAX_SCAN_DAYS):
            for opens, closes in self.working_periods(day):
                begin = max(opens, local)
                if begin < closes:
                    if begin + remaining <= closes:
                        return begin + remaining
                    remaining -= closes - begin
            day += timedelta(days=1)
        raise ValueError(f"no {amount} of working time within {MAX_SCAN_DAYS} days of {start}")

    def deadline(self, start: datetime, duration: str, working_hours: bool = False) -> datetime:
        """``start`` plus a configured duration such as ``5wd``, ``2d``, ``4h`` or ``30m``; with
        ``working_hours``, ``h`` and ``m`` count within working hours only."""
        amount, unit = parse_duration(duration)
        if unit == "wd":
            return self.add_working_days(start, amount)
        if working_hours and unit in ("h", "m"):
            return self.add_working_time(start, timedelta(hours=amount) if unit == "h" else timedelta(minutes=amount))
        return start + {"d": timedelta(days=amount), "h": timedelta(hours=amount), "m": timedelta(minutes=amount)}[unit]

    def warnings(self) -> list[str]:
        return list(self._warned.values())
