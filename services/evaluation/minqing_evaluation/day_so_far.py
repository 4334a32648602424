"""The early warning (未诉先办) during the day: a grid x category whose requests so far today already reach
what the daily rule would flag on the whole day is warned of at once, not the next morning.

Every ``early_warning.intraday_minutes`` (the district's policy; 0: never) a scheduler pass counts the
district's current local day up to now and judges it with the daily rule against the same baseline
(``domain.early_warning``: the count so far only grows, so a flag now is a flag on the whole day too, and
the false alarms per series-day are the daily rule's). The count is one range of the (district,
received_at) index over today; the history, the ``history_days`` days before, is read once per district
and day by each process and kept. The rows and events are ``early_warnings``' (``raise_so_far``): a
series is warned of once a day, whichever pass or replica counts it first, and the next morning's
judgement of the whole day does not raise it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import early_warnings
from .bootstrap import Runtime
from .domain import early_warning
from .domain.early_warning import Series


@dataclass
class _Today:
    day: date
    history: dict[Series, dict[date, int]]  # the series' requests per day over the days before
    counted_at: datetime
    warned: set[Series] = field(default_factory=set)  # raised today by this process or found raised


class DaySoFar:
    """The scheduler's count of each district's current day, at most every ``intraday_minutes``."""

    def __init__(self) -> None:
        self._today: dict[str, _Today] = {}

    def raise_due(self, runtime: Runtime) -> int:
        """Judge the day so far of each district whose count is due; returns the warnings raised."""
        raised = 0
        now = runtime.clock()
        for district, config in runtime.districts.items():
            every = config.early_warning.intraday_minutes
            today = now.astimezone(runtime.tz(district)).date()
            seen = self._today.get(district)
            if not every or (seen and seen.day == today and now - seen.counted_at < timedelta(minutes=every)):
                continue
            if seen is None or seen.day != today:
                seen = self._today[district] = _Today(today, self._history(runtime, district, today), now)
            raised += self._judge(runtime, district, seen, now)
        return raised

    def _judge(self, runtime: Runtime, district: str, seen: _Today, now: datetime) -> int:
        policy = runtime.districts[district].early_warning
        so_far, tickets = early_warnings.count_requests(runtime, district, seen.day, seen.day)
        daily = {s: {**seen.history.get(s, {}), **days} for s, days in so_far.items() if s not in seen.warned}
        found = early_warning.scan(daily, seen.day, policy)
        seen.counted_at = now
        if not found:
            return 0
        raised = early_warnings.raise_so_far(runtime, district, found, tickets)
        seen.warned.update((w.grid_code, w.category) for w in found)
        return raised

    @staticmethod
    def _history(runtime: Runtime, district: str, today: date) -> dict[Series, dict[date, int]]:
        days = runtime.districts[district].early_warning.history_days
        history, _ = early_warnings.count_requests(
            runtime, district, today - timedelta(days=days), today - timedelta(1)
        )
        return {series: dict(counts) for series, counts in history.items()}
