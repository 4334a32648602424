"""Pruning the bus tables: published outbox rows and inbox rows older than their retention are deleted.

The outbox and inbox are transport, not records (47 % of a case's rows, docs/SCALE.md section 2). A
published outbox row is never read again by a relay; an inbox row only has to outlive every redelivery
of its event id (docs/SCALE.md section 5 argues the default). An unsent outbox row is never deleted,
however old: the ``published_at IS NOT NULL`` condition is part of every statement.

Rows go in batches of ``batch_rows``, each batch one short transaction
(``DELETE ... WHERE key IN (SELECT key ... LIMIT n FOR UPDATE SKIP LOCKED)``: on PostgreSQL a second
pruner, or a relay marking rows, is skipped rather than waited for; SQLite takes its one write lock and
ignores the clause). ``ix_outbox_published`` and ``ix_inbox_processed`` serve the inner selects.

Run by every service's relay at a low frequency (``Pruner.run_if_due``, from the relay's idle turn: every
service has a relay, not every one a scheduler) and by ``minqing-<svc> prune`` for operators.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, ColumnElement, Delete, Table, delete, select, tuple_

from .bus_tables import BusTables
from .db import Database
from .metrics import counter
from .settings import ServiceSettings

log = logging.getLogger(__name__)
ROWS_PRUNED = counter(
    "minqing_bus_rows_pruned_total",
    "published outbox rows and inbox rows deleted after their retention",
    ["service", "table"],
)


@dataclass(frozen=True)
class Retention:
    """How long published outbox rows and inbox rows are kept, and how many rows one statement deletes."""

    outbox: timedelta = timedelta(hours=72)
    inbox: timedelta = timedelta(days=14)
    batch_rows: int = 5000

    @classmethod
    def of(cls, settings: ServiceSettings) -> Retention:
        return cls(
            outbox=timedelta(hours=settings.OUTBOX_RETENTION_HOURS),
            inbox=timedelta(days=settings.INBOX_RETENTION_DAYS),
            batch_rows=settings.PRUNE_BATCH_ROWS,
        )


@dataclass(frozen=True)
class Pruned:
    """Rows one pruning run deleted, per table."""

    outbox: int = 0
    inbox: int = 0


def batch_statements(tables: BusTables, retention: Retention, now: datetime) -> dict[str, Delete]:
    """Per table, the statement that deletes one batch of its rows older than the retention."""
    outbox, inbox = tables.outbox, tables.inbox
    published_long_ago = outbox.c.published_at.is_not(None) & (outbox.c.published_at < now - retention.outbox)
    return {
        "outbox": _batch(outbox, [outbox.c.id], published_long_ago, retention.batch_rows),
        "inbox": _batch(
            inbox,
            [inbox.c.consumer, inbox.c.event_id],
            inbox.c.processed_at < now - retention.inbox,
            retention.batch_rows,
        ),
    }


def _batch(table: Table, keys: list[Column[Any]], old: ColumnElement[bool], rows: int) -> Delete:
    chosen = select(*keys).where(old).limit(rows).with_for_update(skip_locked=True)
    target = keys[0] if len(keys) == 1 else tuple_(*keys)
    return delete(table).where(target.in_(chosen))


def prune_bus_tables(
    db: Database,
    tables: BusTables,
    retention: Retention,
    *,
    service: str,
    now: datetime | None = None,
    max_batches: int | None = None,
) -> Pruned:
    """Delete published outbox rows and inbox rows older than ``retention``, batch by batch (a transaction
    each), until a batch comes back short or ``max_batches`` per table ran. Safe to run again at any time,
    from any replica."""
    counts: dict[str, int] = {}
    for name, statement in batch_statements(tables, retention, now or datetime.now(UTC)).items():
        total = batches = 0
        while max_batches is None or batches < max_batches:
            with db.transaction() as session:
                deleted = int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
            total, batches = total + deleted, batches + 1
            ROWS_PRUNED.labels(service, name).inc(deleted)
            if deleted < retention.batch_rows:
                break
        counts[name] = total
    pruned = Pruned(counts["outbox"], counts["inbox"])
    if pruned.outbox or pruned.inbox:
        log.info("pruned %d outbox rows and %d inbox rows", pruned.outbox, pruned.inbox)
    return pruned


class Pruner:
    """Prunes at most every ``interval`` seconds, a bounded number of batches each time (a relay must get
    back to publishing); a failure is logged and tried again at the next interval."""

    def __init__(
        self,
        db: Database,
        tables: BusTables,
        retention: Retention,
        *,
        service: str,
        interval: float,
        max_batches: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.db, self.tables, self.retention, self.service = db, tables, retention, service
        self.interval, self.max_batches, self.clock = interval, max_batches, clock
        self._next = clock()  # the first idle turn prunes

    def run_if_due(self) -> Pruned | None:
        if self.interval <= 0 or self.clock() < self._next:
            return None
        self._next = self.clock() + self.interval
        try:
            return prune_bus_tables(
                self.db, self.tables, self.retention, service=self.service, max_batches=self.max_batches
            )
        except Exception as exc:  # pruning is housekeeping: it never stops a relay
            log.warning(
                "pruning the bus tables failed, next try in %.0fs: %s: %s", self.interval, type(exc).__name__, exc
            )
            return None
