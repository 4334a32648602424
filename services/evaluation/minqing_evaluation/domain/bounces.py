"""Bounce accounting (推诿): per unit and period, how often a unit sends back what it was sent, how long
it takes to sign for a case (签收), and how often the dispatcher above had to rule (审定) that a case is its.
Plain Python, no framework; definitions in the README ("Bounces").

- ``received``: dispatches received — each ``case.dispatched.v1`` or ``case.escalated.v1`` naming the
  unit (a case sent to it twice counts twice);
- ``returns``: each ``case.returned.v1`` by the unit (退单), also counted per ``reason_code``;
- ``bounce_rate`` = returns / received (None when nothing was received);
- ``accept_p50`` / ``accept_p90``: the nearest-rank percentiles of ``seconds_to_accept`` over the unit's
  ``case.accepted.v1`` events that carry it (``accepted_timed`` of them);
- ``rulings``: dispatches with reason ``ruling`` naming the unit: the dispute ended against it.

Each event counts in the period (local day, or month: its first day) it occurred in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from .facts import ACCEPTED, DISPATCHED, ESCALATED, RETURNED, Fact

PERIODS = ("day", "month")
EVENT_TYPES = (DISPATCHED, ESCALATED, RETURNED, ACCEPTED)
FORMULA = {
    "bounce_rate": "returns / received (dispatches received: case.dispatched.v1 + case.escalated.v1 to the unit)",
    "accept_p50": "nearest-rank median of seconds_to_accept over accepted_timed acceptances",
    "accept_p90": "nearest-rank 90th percentile of seconds_to_accept over accepted_timed acceptances",
    "rulings": "dispatches with reason ruling (审定) naming the unit",
}


@dataclass
class UnitPeriod:
    unit_id: str
    period: date
    received: int = 0
    returns: int = 0
    rulings: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    seconds: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "period": self.period.isoformat(),
            "received": self.received,
            "returns": self.returns,
            "bounce_rate": round(self.returns / self.received, 4) if self.received else None,
            "returns_by_reason": dict(sorted(self.reasons.items())),
            "rulings": self.rulings,
            "accepted_timed": len(self.seconds),
            "accept_p50": percentile(self.seconds, 50),
            "accept_p90": percentile(self.seconds, 90),
        }


def percentile(values: list[int], p: int) -> int | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def period_of(day: date, period: str) -> date:
    return day.replace(day=1) if period == "month" else day


def account(facts: Iterable[Fact], tz: ZoneInfo, period: str) -> list[UnitPeriod]:
    """Each (unit, period) that any of the facts concerns, ordered by period then unit."""
    found: dict[tuple[str, date], UnitPeriod] = {}
    for fact in facts:
        unit = fact.data.get("unit_id")
        if fact.event_type not in EVENT_TYPES or not unit:
            continue
        start = period_of(fact.occurred_at.astimezone(tz).date(), period)
        row = found.setdefault((unit, start), UnitPeriod(unit, start))
        if fact.event_type in (DISPATCHED, ESCALATED):
            row.received += 1
            row.rulings += fact.data.get("reason") == "ruling"
        elif fact.event_type == RETURNED:
            row.returns += 1
            row.reasons[fact.data.get("reason_code") or "none"] += 1
        elif fact.data.get("seconds_to_accept") is not None:
            row.seconds.append(int(fact.data["seconds_to_accept"]))
    return sorted(found.values(), key=lambda r: (r.period, r.unit_id))


def totals(rows: Iterable[UnitPeriod]) -> dict[str, UnitPeriod]:
    """The rows of each unit merged over their periods (for a ranking over the whole range)."""
    merged: dict[str, UnitPeriod] = {}
    for row in rows:
        into = merged.setdefault(row.unit_id, UnitPeriod(row.unit_id, row.period))
        into.period = min(into.period, row.period)
        into.received += row.received
        into.returns += row.returns
        into.rulings += row.rulings
        into.reasons.update(row.reasons)
        into.seconds.extend(row.seconds)
    return merged
