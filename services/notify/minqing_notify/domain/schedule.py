"""When a delivery may go out: retry backoff, quiet hours for residents' SMS, per-recipient SMS rate.

Pure functions of an injected "now", so the rules are tested without waiting.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def backoff(attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    """Exponential: base, 2×base, 4×base, ... capped."""
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** max(0, attempts - 1)))


def quiet_until(now: datetime, tz: str, start: str = "22:00", end: str = "08:00") -> datetime | None:
    """If ``now`` falls in the quiet hours (local time), the moment they end; else None."""
    local = now.astimezone(ZoneInfo(tz))
    begin, finish = time.fromisoformat(start), time.fromisoformat(end)
    clock = local.time()
    if begin == finish:
        return None
    crosses_midnight = begin > finish
    quiet = (clock >= begin or clock < finish) if crosses_midnight else (begin <= clock < finish)
    if not quiet:
        return None
    day = local.date() + timedelta(days=1) if crosses_midnight and clock >= begin else local.date()
    return datetime.combine(day, finish, tzinfo=local.tzinfo)


def rate_limited_until(sent_times: list[datetime], now: datetime, per_hour: int) -> datetime | None:
    """With ``per_hour`` messages already sent in the last hour, the moment the oldest leaves the window."""
    window = [t for t in sent_times if t > now - timedelta(hours=1)]
    if len(window) < per_hour:
        return None
    window.sort()
    return window[len(window) - per_hour] + timedelta(hours=1)
