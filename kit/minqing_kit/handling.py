"""The broker-free heart of a consumer: inbox claim, handler, commit, for a batch of events, falling
back to one transaction per event when one fails; and whose fault a failure was.

A consumer's handlers are keyed by payload class (``{CaseReceived: on_case_received}``): the class
names the versioned type, so its queue's bindings are derived from the same mapping that dispatches
(``subscribed_types``), and a v2 payload never reaches a handler written for v1. A handler takes one
event (``handler(session, envelope, payload)``), or is a ``BatchHandler``, which takes every newly
claimed event of its types in a batch at once, so that it can write them with one statement per table."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import CursorResult, insert, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events import PAYLOADS, Payload, UnknownEventType, parse_payload

from .bus_tables import BusTables
from .db import Database
from .faults import DatabaseUnavailable, NotReadyYet, describe, is_transient
from .logs import log_context
from .statements import insert_ignoring_duplicates

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope, BaseModel], None]
Item = tuple[Envelope, BaseModel]


@dataclass(frozen=True, eq=False)
class BatchHandler:
    """``handle(session, items)`` gets, in the batch's transaction after the inbox claim, every event of
    a batch that is newly claimed and of a type this handler is registered for (one object for several
    types gives them all to one call), in delivery order. It runs once per batch, where the first of
    those events stands, so register it only for events whose effects do not depend on events of other
    types handled between them. Alone (``handle``, or the one-by-one fallback of ``handle_batch``) it
    gets a batch of one: a failure is the event's own, and ``NotReadyYet`` still delays that event."""

    handle: Callable[[Session, Sequence[Item]], None]


Handlers = Mapping[type[Payload], Handler | BatchHandler]  # payload class -> its handler: what a consumer subscribes to


def subscribed_types(handlers: Handlers) -> list[str]:
    """The versioned event types a mapping subscribes to; refuses a key that is not a contract payload class."""
    strangers = [model for model in handlers if PAYLOADS.get(getattr(model, "EVENT_TYPE", "")) is not model]
    if strangers:
        raise TypeError(f"not event payload classes of minqing_contracts: {strangers}")
    return sorted(model.EVENT_TYPE for model in handlers)


@dataclass(frozen=True)
class Outcome:
    status: str  # handled | duplicate | ignored | failed | not_ready
    error: str | None = None


@contextlib.contextmanager
def event_context(envelope: Envelope) -> Iterator[None]:
    """Every line logged inside names the event, its case and its flow (the correlation id); an event a
    handler adds to the outbox inside continues that flow (minqing_kit.outbox)."""
    with log_context(
        case_id=envelope.case_id,
        correlation_id=envelope.correlation_id,
        event_id=envelope.event_id,
        event_type=envelope.type,
    ):
        yield


class PoisonMessage(Exception):
    """A message that can never succeed (not JSON, not an envelope, payload invalid)."""


class EventHandling:
    """Inbox check, handler, inbox row, commit; raises DatabaseUnavailable when the database fails."""

    def __init__(self, service: str, db: Database, tables: BusTables, handlers: Handlers):
        self.service, self.db, self.tables, self.handlers = service, db, tables, dict(handlers)
        self.event_types = subscribed_types(self.handlers)
        self._claim_statement = insert_ignoring_duplicates(db, tables.inbox).returning(
            tables.inbox.c.event_id
        )  # built once: values are bound per batch

    def decode(self, body: bytes | str) -> tuple[Envelope, BaseModel]:
        try:
            envelope = Envelope.from_json(body)
            return envelope, parse_payload(envelope.type, envelope.payload)
        except (ValidationError, ValueError, UnknownEventType) as exc:
            raise PoisonMessage(f"{type(exc).__name__}: {exc}") from exc

    def _claim(self, session: Session, envelopes: list[Envelope]) -> set[str]:
        """Insert the inbox rows first, in one statement; the ids returned are the events this
        consumer has not seen before (a row not inserted means it has)."""
        if not envelopes:
            return set()
        now = datetime.now(UTC)
        rows = [
            {"consumer": self.service, "event_id": e.event_id, "event_type": e.type, "processed_at": now}
            for e in envelopes
        ]
        return set(session.execute(self._claim_statement, rows).scalars())

    def _apply(self, session: Session, items: list[Item]) -> list[str]:
        """Claim every event that has a handler, then run the handlers of the newly claimed ones in order
        (a batch handler once, at its first event, with all of its events)."""
        claimed = self._claim(session, [envelope for envelope, payload in items if type(payload) in self.handlers])
        statuses, fresh = [], []
        for envelope, payload in items:
            if type(payload) not in self.handlers:
                statuses.append("ignored")
            elif envelope.event_id not in claimed:  # seen before, or a second copy in this batch
                statuses.append("duplicate")
            else:
                claimed.discard(envelope.event_id)
                fresh.append((self.handlers[cast(type[Payload], type(payload))], envelope, payload))
                statuses.append("handled")
        batches: dict[BatchHandler, list[Item]] = {}
        for handler, envelope, payload in fresh:
            if isinstance(handler, BatchHandler):
                batches.setdefault(handler, []).append((envelope, payload))
        for handler, envelope, payload in fresh:
            if not isinstance(handler, BatchHandler):
                with event_context(envelope):
                    handler(session, envelope, payload)
            elif handler in batches:  # its lines name no one event: a batch handler logs per item itself
                handler.handle(session, batches.pop(handler))
        return statuses

    def handle(self, envelope: Envelope, payload: BaseModel) -> str:
        """Apply one event once, in its own transaction. Returns 'handled', 'duplicate' or 'ignored'."""
        with self.db.transaction() as session:
            return self._apply(session, [(envelope, payload)])[0]

    def handle_batch(self, items: list[Item]) -> list[Outcome]:
        """Apply several events in one transaction (one commit); if any fails, fall back to one
        transaction each so that the failure is isolated and the others still take effect.

        Raises DatabaseUnavailable when the database is at fault; events committed before that are
        duplicates on the next try (the inbox has them)."""
        try:
            with self.db.transaction() as session:
                statuses = self._apply(session, items)
            return [Outcome(status) for status in statuses]
        except Exception as exc:
            self._raise_if_database_failed(exc)
            if len(items) == 1:
                return [self._failed(items[0][0], exc)]
        return [self._handle_alone(envelope, payload) for envelope, payload in items]

    def _handle_alone(self, envelope: Envelope, payload: BaseModel) -> Outcome:
        try:
            return Outcome(self.handle(envelope, payload))
        except Exception as exc:
            self._raise_if_database_failed(exc)
            return self._failed(envelope, exc)

    def _raise_if_database_failed(self, exc: Exception) -> None:
        """A handler error counts against the event only if the database still answers."""
        if isinstance(exc, NotReadyYet):
            return
        if not is_transient(exc):
            try:
                self.db.ping()
                return
            except Exception:
                pass
        raise DatabaseUnavailable(describe(exc)) from exc

    def _failed(self, envelope: Envelope, exc: Exception) -> Outcome:
        error = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, NotReadyYet):
            return Outcome("not_ready", error)  # the consumer logs when it will try again
        with event_context(envelope):
            log.error("handler failed", exc_info=exc)
        return Outcome("failed", error)

    def record_failure(self, event_id: str, event_type: str | None, attempts: int, error: str, parked: bool) -> None:
        table = self.tables.failures
        values = dict(
            event_type=event_type,
            attempts=attempts,
            last_error=error[:4000],
            failed_at=datetime.now(UTC),
            parked=int(parked),
        )
        try:
            with self.db.transaction() as session:
                mine = (table.c.consumer == self.service, table.c.event_id == event_id)
                done = cast(CursorResult[Any], session.execute(update(table).where(*mine).values(**values)))
                if done.rowcount == 0:
                    session.execute(insert(table).values(consumer=self.service, event_id=event_id, **values))
        except Exception:  # the failure record is diagnostics; the broker still holds the message
            log.warning("could not record failure of %s", event_id, exc_info=True)
