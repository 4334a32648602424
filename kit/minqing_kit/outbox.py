"""Write events in the same transaction as the state change they describe, and wake the relay.

On PostgreSQL a transaction that adds outbox rows also sends ``NOTIFY minqing_outbox``, delivered when
it commits (never for a rolled-back one); ``OutboxListener`` is the relay's side: it waits on a
connection of its own that LISTENs, so an idle relay sleeps instead of polling and a committed row is
published at once. Notifications are a wake-up only: the relay still polls now and then (rows waiting
for a retry, or rows written while its listener was reconnecting)."""

from __future__ import annotations

import contextlib
import logging
import os
import select
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from minqing_contracts import Envelope

from .db import Database
from .logs import current_context
from .pipeline import pipelined
from .statements import dialect_name

log = logging.getLogger(__name__)
CHANNEL = "minqing_outbox"  # per database: each service's outbox lives in its own
_NOTIFY = text(f"NOTIFY {CHANNEL}")


class Outbox:
    """``outbox.add(session, envelope)`` inside the unit of work; the relay publishes after commit."""

    def __init__(self, table: Table):
        self.table = table
        self._insert = insert(table)

    def add(self, session: Session, *envelopes: Envelope) -> None:
        """The rows and, on PostgreSQL, the NOTIFY, in one round trip (``minqing_kit.pipeline``)."""
        pipelined(session, self.statements(session, *envelopes))

    def statements(self, session: Session, *envelopes: Envelope) -> list[tuple[Any, Any]]:
        """What ``add`` executes, as (statement, values): to send with a transaction's other statements
        in one round trip (``minqing_kit.pipeline``)."""
        now = datetime.now(UTC)
        rows = [
            {
                "event_id": e.event_id,
                "event_type": e.type,
                "routing_key": e.routing_key,
                "body": e.to_json(),
                "created_at": now,
                "next_attempt_at": now,
                "attempts": 0,
            }
            for e in (in_current_flow(e) for e in envelopes)
        ]
        added: list[tuple[Any, Any]] = [(self._insert, rows)]
        if dialect_name(session) == "postgresql":
            added.append((_NOTIFY, None))  # identical notifications of one transaction are sent once
        return added


def in_current_flow(envelope: Envelope) -> Envelope:
    """The envelope, in the log context's flow if it started none of its own (see the module's docstring)."""
    flow = current_context().get("correlation_id")
    starts_own = envelope.correlation_id == envelope.event_id and envelope.causation_id is None
    if not flow or not starts_own:
        return envelope
    return envelope.model_copy(update={"correlation_id": str(flow)})


class OutboxListener:
    """LISTENs on the outbox channel of ``db`` (PostgreSQL) on a connection outside the pool."""

    def __init__(self, db: Database):
        self.db = db
        self._connection: Any = None  # the psycopg connection
        self._interrupt_r, self._interrupt_w = os.pipe()  # interrupt() ends a wait from another thread
        os.set_blocking(self._interrupt_r, False)
        os.set_blocking(self._interrupt_w, False)

    def interrupt(self) -> None:
        """End the current (or next) wait at once: the relay is stopping."""
        with contextlib.suppress(BlockingIOError):
            os.write(self._interrupt_w, b"!")

    def _interrupted(self, readable: list[int]) -> bool:
        if self._interrupt_r not in readable:
            return False
        with contextlib.suppress(BlockingIOError):
            os.read(self._interrupt_r, 64)
        return True

    def _connect(self) -> Any:
        if self._connection is None:
            fairy = self.db.engine.raw_connection()  # the engine's connect arguments (timeout) apply
            connection: Any = fairy.driver_connection
            fairy.detach()  # ours until closed, never back in the pool
            connection.rollback()
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
            self._connection = connection
        return self._connection

    @property
    def listening(self) -> bool:
        """Whether a connection LISTENs now (none yet, or the last one failed and was closed)."""
        return self._connection is not None

    def listen(self) -> bool:
        """Connect and LISTEN now if not listening; False when the database does not answer."""
        try:
            self._connect()
            return True
        except Exception as exc:  # the relay's own statements report the outage
            log.debug("outbox listener unavailable: %s", exc)
            self.close()
            return False

    def wait(self, seconds: float) -> bool:
        """Until a transaction that added outbox rows commits (True), or ``seconds`` pass (False). A
        listener that cannot listen (database down) waits the time out and tries again next call."""
        try:
            connection = self._connect()
            notified, wait = False, seconds
            for _ in range(3):  # still readable after reading: more notifications, or the server's end-of-file
                readable = select.select([connection.fileno(), self._interrupt_r], [], [], wait)[0]
                if self._interrupted(readable) or not readable:
                    break
                notified |= bool(list(connection.notifies(timeout=0)))  # reads what is waiting; raises at EOF
                wait = 0
            return notified
        except Exception as exc:  # the relay's own statements report the outage
            log.debug("outbox listener unavailable: %s", exc)
            self.close()
            self._interrupted(select.select([self._interrupt_r], [], [], seconds)[0])
            return False

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # closing a dead connection
                pass
            self._connection = None
