"""The outbox relay: claim unsent rows, publish them with confirms, mark only confirmed rows sent.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite takes its single write
lock), so relay replicas never publish the same row at the same time. The claim is held until the
batch is marked, so a relay killed mid-batch leaves its rows unsent for the next one: the worst
case is a duplicate delivery, which consumers absorb through their inbox.

A batch costs the same few round trips (claim, publish, one wait for its confirms, mark, commit) whatever
its size, so a relay woken by each commit claims at most once per ``idle_seconds`` while rows trickle in:
a row committed after a quiet spell goes at once, and under load the rows of the last ``idle_seconds``
go together (a row waits at most that long, as with polling, but an idle relay does nothing).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from .db import Database
from .metrics import EVENTS_PUBLISHED
from .outbox import OutboxListener
from .polling import poll_until_stopped
from .pruning import Pruner
from .publisher import BatchResult, ConfirmingPublisher, Outgoing
from .statements import claim_rows, claiming

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300
LISTENING_POLL_SECONDS = 30.0  # how often a relay woken by notifications still looks for due rows (another's)


def row_retry_seconds(attempts: int) -> float:
    """How long an outbox row that failed to publish waits before its next attempt: 0.5 s doubling to
    MAX_BACKOFF_SECONDS (the exponent is capped, so a row that fails for weeks never overflows a float)."""
    return min(MAX_BACKOFF_SECONDS, 0.5 * 2.0 ** min(max(0, attempts - 1), 10))


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        outbox: Table,
        publisher: ConfirmingPublisher,
        batch_size: int = 200,
        idle_seconds: float = 0.2,
        poll_seconds: float = LISTENING_POLL_SECONDS,
        service: str = "minqing",
        pruner: Pruner | None = None,
    ):
        """On PostgreSQL an idle relay waits for the outbox's notification, or until a row it failed to
        publish is due again, or at most ``poll_seconds`` (rows another relay failed and left), reading
        the broker's heartbeats and sending its own meanwhile, and claims no sooner than ``idle_seconds``
        after its last claim; on SQLite it polls every ``idle_seconds``. ``pruner``: the bus tables'
        pruning, run on idle turns when it is due (so never while a backlog is being published)."""
        self.db, self.outbox, self.publisher = db, outbox, publisher
        self.batch_size, self.idle_seconds, self.poll_seconds = batch_size, idle_seconds, poll_seconds
        self._claim_statement = claiming(db, self.claim_query())  # built once: the time is bound per batch
        self._mark_sent = (
            update(outbox)
            .where(outbox.c.id.in_(bindparam("ids", expanding=True)))
            .values(published_at=bindparam("now"), attempts=outbox.c.attempts + 1, last_error=None)
        )
        self._claimed_at = 0.0  # time.monotonic() of the last claim
        self.listener = OutboxListener(db) if db.dialect == "postgresql" else None
        self.stopping = threading.Event()
        self.published_total = 0
        self.published = EVENTS_PUBLISHED.labels(service)
        self.pruner = pruner
        self._retries: list[float] = []  # time.monotonic() when each row this relay failed is due again

    def stop(self) -> None:
        self.stopping.set()
        if self.listener is not None:
            self.listener.interrupt()

    def run(self) -> None:
        """Loop until stopped; broker or database trouble backs off and retries."""
        poll_until_stopped(
            self.run_once,
            self.stopping,
            full_batch=self.batch_size,
            idle=self._idle,
            what="relay batch",
            on_error=self.publisher.close,
        )
        self.publisher.close()
        if self.listener is not None:
            self.listener.close()

    def _idle(self) -> None:
        if self.pruner is not None:
            self.pruner.run_if_due()
        if self.listener is None:
            self.publisher.idle(self.idle_seconds)
            return
        if not self.listener.listening and self.listener.listen():
            return  # rows committed since the last claim sent this new LISTEN no notification: look again
        now = time.monotonic()
        self._retries = [due for due in self._retries if due > now]
        look_at = min([now + self.poll_seconds, *self._retries])
        heartbeat = self.publisher.heartbeat / 3 or self.poll_seconds  # ours every heartbeat / 2 at the latest
        while not self.stopping.is_set() and (left := look_at - time.monotonic()) > 0:
            notified = self.listener.wait(min(left, heartbeat))
            self.publisher.idle(0.001)  # read the broker's heartbeats and returns, send ours
            if not self.listener.listening:  # the database went away: claim now, to report it
                return
            if notified:  # new rows: with those of the rest of idle_seconds since the last claim
                self.stopping.wait(self._claimed_at + self.idle_seconds - time.monotonic())
                return

    def claim_query(self) -> Select[Any]:
        """The unsent rows due at ``now`` (bound per claim), oldest first (``ix_outbox_unsent`` serves it)."""
        table = self.outbox
        return (
            select(
                table.c.id, table.c.event_id, table.c.event_type, table.c.routing_key, table.c.body, table.c.attempts
            )
            .where(table.c.published_at.is_(None), table.c.next_attempt_at <= bindparam("now"))
            .order_by(table.c.id)
            .limit(self.batch_size)
        )

    def _claim(self, session: Session) -> list[Row[Any]]:
        self._claimed_at = time.monotonic()
        return claim_rows(session, self._claim_statement, {"now": datetime.now(UTC)})

    def run_once(self) -> int:
        """Publish one batch. Returns how many rows were claimed."""
        with self.db.transaction() as session:
            rows = self._claim(session)
            if not rows:
                return 0
            result = self.publisher.publish_batch(
                [
                    Outgoing(
                        key=row.id,
                        event_id=row.event_id,
                        event_type=row.event_type,
                        routing_key=row.routing_key,
                        body=row.body,
                        correlation_id=json.loads(row.body).get("correlation_id"),
                    )
                    for row in rows
                ]
            )
            now = datetime.now(UTC)
            if result.confirmed:
                session.execute(self._mark_sent, {"ids": result.confirmed, "now": now})
            self._record_failures(session, rows, result, now)
        self.published_total += len(result.confirmed)
        self.published.inc(len(result.confirmed))
        return len(rows)

    def _record_failures(self, session: Session, rows: list[Row[Any]], result: BatchResult, now: datetime) -> None:
        """Each failed row waits for its next attempt; an unroutable one (nobody binds it) names its type."""
        by_id = {row.id: row for row in rows}
        for key, reason in result.failed.items():
            row = by_id[key]
            tries = row.attempts + 1
            self._retries.append(time.monotonic() + row_retry_seconds(tries))
            if key in result.unroutable:
                log.error(
                    "event %s is unroutable: no queue is bound to %s; it stays in the outbox (attempt %d)",
                    row.event_type,
                    row.routing_key,
                    tries,
                    extra={"fields": {"event_type": row.event_type}},
                )
            else:
                log.error("outbox row %s not published (attempt %d): %s", key, tries, reason)
            session.execute(
                update(self.outbox)
                .where(self.outbox.c.id == key)
                .values(
                    attempts=tries, last_error=reason, next_attempt_at=now + timedelta(seconds=row_retry_seconds(tries))
                )
            )


def outbox_backlog(db: Database, outbox: Table) -> tuple[int, float]:
    """(unsent rows, age in seconds of the oldest unsent row)."""
    with db.engine.connect() as connection:
        count, oldest = connection.execute(
            select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
        ).one()
    if oldest is None:
        return int(count), 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return int(count), max(0.0, (datetime.now(UTC) - oldest).total_seconds())
