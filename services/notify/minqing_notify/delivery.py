"""The delivery worker (notify's scheduler process): claims due deliveries and sends them.

A claim marks rows ``sending`` with a lease in a short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so replicas never take the same rows); sending happens outside any transaction, on a
small thread pool, so one slow gateway does not hold up the others. Rows of one recipient are sent
in order by one thread. The batch's SMS slots are taken in one transaction before any is sent
(``Sender.take_slots``), and its outcomes are written together, one transaction per batch
(``Sender.record``). A worker that dies
mid-batch leaves ``sending`` rows whose lease expires; they are claimed again.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial

from sqlalchemy import and_, or_, select, update

from minqing_kit.polling import poll_until_stopped
from minqing_kit.statements import claim_rows

from .adapters.tables import deliveries
from .bootstrap import Runtime
from .sending import Mark, Ready, Sender

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
        """Claim one batch; find its addresses (its residents' contacts read in one statement), take its
        SMS slots in one transaction, send it, and record every outcome in one transaction. Returns how
        many rows were claimed."""
        rows = self.claim()
        contacts = self.sender.contacts_for(rows)  # the residents' sealed contacts: one statement
        prepared = self._each(pool, partial(self.sender.prepare, contacts=contacts), rows)
        ready = self.sender.take_slots([p for p in prepared if isinstance(p, Ready)])
        marks = [p for p in prepared + ready if isinstance(p, Mark)]
        marks += self._each(pool, self.sender.send, [r for r in ready if isinstance(r, Ready)])
        self.sender.record(marks)
        with self._lock:
            self.counts.update(mark.outcome for mark in marks)
            if len(marks) < len(rows):
                self.counts["error"] += len(rows) - len(marks)
        return len(rows)

    def _each(self, pool: ThreadPoolExecutor | None, step, items: list) -> list:
        """``step`` of every item, the items of one recipient in order on one thread; an item whose
        step raised is left out (its lease brings the row back)."""
        groups: dict[str, list] = defaultdict(list)
        for item in items:
            groups[getattr(item, "row", item).recipient_key].append(item)

        def run(group: list) -> list:
            done = []
            for item in group:
                try:
                    done.append(step(item))
                except Exception:
                    log.exception("delivery %s could not be attempted", getattr(item, "row", item).id)
            return done

        results = map(run, groups.values()) if pool is None else pool.map(run, groups.values())
        return [result for group in results for result in group]

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
