"""Routing's business metrics (issue 19 item 9), each counted where it happens:

- ``minqing_case_acceptance_seconds`` and ``minqing_case_resolution_seconds``: histograms observed when a
  handler's acceptance (签收: from the dispatch to the unit) or resolution (办结: from receipt) commits,
  in the web process (``handling.perform``), summed over its gunicorn workers;
- ``minqing_cases`` by district and state and ``minqing_cases_overdue`` by district (open cases past the
  deadline that applies now: acceptance while dispatched, else resolution): gauges the scheduler sets
  once a minute with one grouped count each (``CaseFigures``), served on its own METRICS_PORT, so no
  scrape ever counts cases.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from minqing_contracts.events.routing import CaseAccepted, CaseResolved
from minqing_kit.metrics import gauge, histogram

from .adapters.tables import cases
from .bootstrap import Runtime
from .domain.case import OPEN_STATES, Case, Effects

log = logging.getLogger(__name__)
HOUR, DAY = 3600.0, 86400.0
ACCEPTANCE = histogram(
    "minqing_case_acceptance_seconds",
    "from a case's dispatch to its unit's acceptance (签收), when the acceptance commits",
    ["district"],
    buckets=(300, 900, HOUR, 4 * HOUR, 8 * HOUR, DAY, 2 * DAY, 3 * DAY, 7 * DAY),
)
RESOLUTION = histogram(
    "minqing_case_resolution_seconds",
    "from a case's receipt to its resolution (办结), when the resolution commits",
    ["district"],
    buckets=(HOUR, 4 * HOUR, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 7 * DAY, 15 * DAY, 30 * DAY),
)
CASES = gauge("minqing_cases", "cases by state, counted by the scheduler once a minute", ["district", "state"])
OVERDUE = gauge(
    "minqing_cases_overdue", "open cases past the deadline that applies now, counted by the scheduler", ["district"]
)


def received_at(session: Session, case_id: str) -> datetime | None:
    return session.execute(select(cases.c.received_at).where(cases.c.id == case_id)).scalar_one_or_none()


def resolves(effects: Effects) -> bool:
    return any(isinstance(event, CaseResolved) for event in effects.events)


def observe_latencies(case: Case, effects: Effects, received_at: datetime | None, now: datetime) -> None:
    """After the transaction that accepted or resolved ``case`` committed."""
    accepted = any(isinstance(event, CaseAccepted) for event in effects.events)
    if accepted and case.dispatched_at is not None:
        ACCEPTANCE.labels(case.district).observe(max(0.0, (now - case.dispatched_at).total_seconds()))
    if resolves(effects) and received_at is not None:
        RESOLUTION.labels(case.district).observe(max(0.0, (now - received_at).total_seconds()))


class CaseFigures:
    """The case gauges, refreshed at most every ``every`` (the scheduler calls ``refresh_due`` each sweep)."""

    def __init__(self, runtime: Runtime, every: timedelta = timedelta(minutes=1)):
        self.runtime, self.every = runtime, every
        self.next_at: datetime | None = None
        self.counted: set[tuple[str, str]] = set()  # a state no case is in any more goes back to 0

    def refresh_due(self, now: datetime) -> None:
        if self.next_at is not None and now < self.next_at:
            return
        self.next_at = now + self.every
        try:
            self.refresh(now)
        except Exception:  # figures are diagnostics: the sweep goes on, the gauges keep their last values
            log.warning("case figures not counted", exc_info=True)

    def refresh(self, now: datetime) -> None:
        overdue = and_(
            cases.c.state.in_(OPEN_STATES),
            or_(
                and_(cases.c.state == "dispatched", cases.c.acceptance_deadline < now),
                cases.c.resolution_deadline < now,
            ),
        )
        with self.runtime.db.engine.connect() as connection:
            by_state = connection.execute(
                select(cases.c.district, cases.c.state, func.count()).group_by(cases.c.district, cases.c.state)
            ).all()
            late = {
                district: count
                for district, count in connection.execute(
                    select(cases.c.district, func.count()).where(overdue).group_by(cases.c.district)
                )
            }
        counted = {(district, state): count for district, state, count in by_state}
        for district, state in self.counted - counted.keys():
            CASES.labels(district, state).set(0)
        for (district, state), count in counted.items():
            CASES.labels(district, state).set(count)
        self.counted = set(counted)
        for district in self.runtime.districts:
            OVERDUE.labels(district).set(late.get(district, 0))
