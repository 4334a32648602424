"""The delivery worker (notify's scheduler process): claims due deliveries and sends them.

A claim marks rows ``sending`` with a lease in a short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so replicas never take the same rows); sending happens outside any transaction, on a
small thread pool, so one slow gateway does not hold up the others. Rows of one recipient are sent
in order by one thread, which keeps the per-recipient SMS count exact within a batch. The batch's
outcomes are written together, one transaction per batch (``Sender.record``). A worker that dies
mid-batch leaves ``sending`` rows whose lease expires; they are claimed again.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from minqing_kit.polling import poll_until_stopped
from minqing_kit.statements import claim_rows

from .adapters.tables import deliveries
from .bootstrap import Runtime
from .sending import Mark, Sender

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(self, runtime: Runtime):
        self.runtime, self.settings = runtime, runtime.settings
        self.sender = Sender(runtime)
        self.stopping = threading.Event()
        self.counts: Counter = Counter()
        self._lock = threading.Lock()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        """Loop until stopped; database trouble backs off and retries."""
        with ThreadPoolExecutor(self.settings.DELIVERY_CONCURRENCY, thread_name_prefix="deliver") as pool:
            poll_until_stopped(
                lambda: self.run_once(pool),
                self.stopping,
                full_batch=self.settings.DELIVERY_BATCH_SIZE,
                idle=lambda: self.stopping.wait(self.settings.DELIVERY_IDLE_SECONDS),
                what="delivery batch",
                describe=lambda exc: type(exc).__name__,
            )  # no addresses
        for channel in self.runtime.channels.values():
            channel.close()

    def run_once(self, pool: ThreadPoolExecutor | None = None) -> int:
        """Claim one batch, send it, and record every outcome in one transaction. Returns how many
        rows were claimed."""
        rows = self.claim()
        groups: dict[str, list] = defaultdict(list)
        for row in rows:
            groups[row.recipient_key].append(row)
        if pool is None:
            done = [self._attempt_all(group) for group in groups.values()]
        else:
            done = list(pool.map(self._attempt_all, groups.values()))
        marks = [mark for group in done for mark in group]
        self.sender.record(marks)
        with self._lock:
            self.counts.update(mark.outcome for mark in marks)
            if len(marks) < len(rows):
                self.counts["error"] += len(rows) - len(marks)
        return len(rows)

    def _attempt_all(self, rows: list) -> list[Mark]:
        marks = []
        for row in rows:
            try:
                marks.append(self.sender.attempt(row))
            except Exception:  # the lease brings the row back
                log.exception("delivery %s could not be attempted", row.id)
        return marks

    def claim(self) -> list:
        now = self.runtime.clock()
        due = or_(
            and_(deliveries.c.status == "pending", deliveries.c.next_attempt_at <= now),
            and_(deliveries.c.status == "sending", deliveries.c.lease_until < now),
        )
        query = (
            select(deliveries)
            .where(due)
            .order_by(deliveries.c.next_attempt_at)
            .limit(self.settings.DELIVERY_BATCH_SIZE)
        )
        lease = now + timedelta(seconds=self.settings.DELIVERY_LEASE_SECONDS)
        with self.runtime.db.transaction() as session:
            rows = claim_rows(session, query)
            if rows:
                session.execute(
                    update(deliveries)
                    .where(deliveries.c.id.in_([r.id for r in rows]))
                    .values(status="sending", lease_until=lease)
                )
        return rows
