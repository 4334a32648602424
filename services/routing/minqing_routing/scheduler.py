"""The deadline scheduler: finds due timers in batches and reminds, supervises (督办) or escalates.

Timers are claimed with ``FOR UPDATE SKIP LOCKED`` and their cases locked with SKIP LOCKED too, so
replicas split the work, never act on one timer twice and never wait on each other; a timer whose
case is busy stays due for the next sweep. A timer written for an earlier stage of its case (the case
has since moved, been accepted or resolved) is closed as stale without effect.

What a timer does belongs to its case's chain: its lines and events carry the case's correlation id
(the one the request that filed the case started), never a new one per sweep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property

from sqlalchemy import func, select, update

from minqing_contracts.events.base import SYSTEM
from minqing_kit.logs import log_context
from minqing_kit.polling import poll_until_stopped
from minqing_kit.statements import claim_rows

from .adapters import repository
from .adapters.tables import timers
from .adapters.writer import CaseWriter
from .bootstrap import Runtime
from .case_metrics import CaseFigures
from .domain import joint
from .domain.case import Effects
from .domain.deadlines import Timer

log = logging.getLogger(__name__)
BUSY_PAUSE_SECONDS = 1.0  # the pause while a due timer stays due (its case held by another transaction)


class DeadlineScheduler:
    def __init__(
        self,
        runtime: Runtime,
        batch_size: int | None = None,
        idle_seconds: float | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        self.runtime = runtime
        self.batch_size = batch_size or runtime.settings.SCHEDULER_BATCH_SIZE
        self.idle_seconds = idle_seconds or runtime.settings.SCHEDULER_IDLE_SECONDS
        self.clock = clock or runtime.now
        self.stopping = threading.Event()
        self.counts = {"fired": 0, "stale": 0, "moot": 0}  # no training here: train-dispatch (history_schedule)

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        poll_until_stopped(
            self.sweep_once,
            self.stopping,
            full_batch=self.batch_size,
            idle=lambda: self.stopping.wait(self.seconds_to_next_due()),
            what="deadline sweep",
        )
        log.info("deadline scheduler stopped", extra={"fields": dict(self.counts)})

    def seconds_to_next_due(self) -> float:
        """How long an idle scheduler sleeps: until the earliest open timer is due, at most
        ``idle_seconds`` (so a timer written meanwhile, and the case figures, wait no longer than that),
        at least BUSY_PAUSE_SECONDS (a due timer whose case was busy)."""
        with self.runtime.db.engine.connect() as connection:
            due = connection.execute(select(func.min(timers.c.due_at)).where(timers.c.done_at.is_(None))).scalar()
        if due is None:
            return self.idle_seconds
        due = due if due.tzinfo is not None else due.replace(tzinfo=UTC)
        left = (due - self.clock()).total_seconds()
        return min(self.idle_seconds, max(BUSY_PAUSE_SECONDS, left))

    def sweep_once(self, now: datetime | None = None) -> int:
        """Handle one batch of due timers. Returns how many were closed (fired, stale or moot)."""
        now = now or self.clock()
        self.figures.refresh_due(now)  # the case gauges, once a minute (case_metrics)
        with self.runtime.db.transaction() as session:
            rows = self._claim(session, now)
            closed = self._apply(session, rows, now) if rows else {}
            for outcome in ("fired", "stale", "moot"):
                ids = [timer_id for timer_id, result in closed.items() if result == outcome]
                if ids:
                    session.execute(update(timers).where(timers.c.id.in_(ids)).values(done_at=now, outcome=outcome))
        for outcome in closed.values():
            self.counts[outcome] += 1
        return len(closed)

    def _claim(self, session, now: datetime) -> list:
        query = (
            select(timers)
            .where(timers.c.done_at.is_(None), timers.c.due_at <= now)
            .order_by(timers.c.due_at, timers.c.id)
            .limit(self.batch_size)
        )
        return claim_rows(session, query)

    def _apply(self, session, rows: list, now: datetime) -> dict[int, str]:
        """Each timer against its (locked) case, in due order; all writes of the batch together."""
        cases = repository.lock_many(session, sorted({r.case_id for r in rows}))
        results: dict[str, Effects] = {}
        closed: dict[int, str] = {}
        for row in rows:
            case = cases.get(row.case_id)
            if case is None:
                continue  # another transaction holds the case: the timer stays due
            if row.stage != case.stage and row.part_id is None:
                closed[row.id] = "stale"
                continue
            district = self.runtime.districts.get(case.district)
            if district is None:  # the district's configuration was removed: nothing to act on
                log.warning("timer %s of a case in unconfigured district %s closed", row.id, case.district)
                closed[row.id] = "moot"
                continue
            timer = Timer(row.kind, row.deadline_kind, row.deadline, row.due_at, row.stage, row.part_id)
            with log_context(case_id=case.id, correlation_id=case.correlation_id or None):  # the case's chain
                effects = self._fire(session, district, case, timer, now)
            results.setdefault(case.id, Effects()).extend(effects)
            closed[row.id] = "fired" if effects.events or effects.elsewhere else "moot"
        CaseWriter(self.runtime.outbox).save_batch(session, [(cases[c], e) for c, e in results.items()], now)
        return closed

    @staticmethod
    def _fire(session, district, case, timer: Timer, now: datetime) -> Effects:
        if timer.part_id is None:
            unit_before = case.unit_id
            effects = district.work.on_timer(case, timer, now)
            if case.joint and case.unit_id != unit_before:  # escalated onto a unit holding a part: they merge
                effects.extend(joint.lead_moved(district.work, case, repository.load_parts(session, case.id), SYSTEM))
            return effects
        parts = repository.load_parts(session, case.id)
        part = next((p for p in parts if p.part_id == timer.part_id), None)
        return joint.on_part_timer(district.work, case, part, timer, now, parts) if part else Effects()

    @cached_property
    def figures(self) -> CaseFigures:
        return CaseFigures(self.runtime)


def build_scheduler(runtime: Runtime) -> DeadlineScheduler:
    return DeadlineScheduler(runtime)
