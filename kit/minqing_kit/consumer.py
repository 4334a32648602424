"""Idempotent event consumers: the events waiting are handled in one transaction that first records
(consumer, event id) of each in the inbox, in one statement; one ack after commit; if one fails, each
gets its own transaction; a failing handler is retried and then parked with its error."""
from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import amqp
import kombu
from kombu import Exchange, Queue
from kombu.mixins import ConsumerMixin
from minqing_contracts import Envelope, topology
from minqing_contracts.events import UnknownEventType, parse_payload
from pydantic import BaseModel, ValidationError
from sqlalchemy import insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .bus_tables import BusTables
from .db import Database
from .logs import log_context

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope, BaseModel], None]


@dataclass(frozen=True)
class Outcome:
    status: str  # handled | duplicate | failed | parked | ignored
    error: str | None = None


class PoisonMessage(Exception):
    """A message that can never succeed (not JSON, not an envelope, payload invalid)."""


class EventHandling:
    """The broker-free heart of a consumer: inbox check, handler, inbox row, commit."""

    def __init__(self, service: str, db: Database, tables: BusTables, handlers: dict[str, Handler]):
        self.service, self.db, self.tables, self.handlers = service, db, tables, handlers
        dialect_insert = pg_insert if db.dialect == "postgresql" else sqlite_insert
        self._claim_statement = dialect_insert(tables.inbox).on_conflict_do_nothing().returning(
            tables.inbox.c.event_id)  # built once: values are bound per batch

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
        now = datetime.now(timezone.utc)
        rows = [{"consumer": self.service, "event_id": e.event_id, "event_type": e.type, "processed_at": now}
                for e in envelopes]
        return set(session.execute(self._claim_statement, rows).scalars())

    def _apply(self, session: Session, items: list[tuple[Envelope, BaseModel]]) -> list[str]:
        """Claim every event that has a handler, then run the handlers of the newly claimed ones in order."""
        claimed = self._claim(session, [envelope for envelope, _ in items if envelope.type in self.handlers])
        statuses = []
        for envelope, payload in items:
            if envelope.type not in self.handlers:
                statuses.append("ignored")
            elif envelope.event_id not in claimed:  # seen before, or a second copy in this batch
                statuses.append("duplicate")
            else:
                claimed.discard(envelope.event_id)
                self.handlers[envelope.type](session, envelope, payload)
                statuses.append("handled")
        return statuses

    def handle(self, envelope: Envelope, payload: BaseModel) -> str:
        """Apply one event once, in its own transaction. Returns 'handled', 'duplicate' or 'ignored'."""
        with self.db.transaction() as session:
            return self._apply(session, [(envelope, payload)])[0]

    def handle_batch(self, items: list[tuple[Envelope, BaseModel]]) -> list[Outcome]:
        """Apply several events in one transaction (one commit); if any fails, fall back to one
        transaction each so that the failure is isolated and the others still take effect."""
        try:
            with self.db.transaction() as session:
                statuses = self._apply(session, items)
            return [Outcome(status) for status in statuses]
        except Exception:
            if len(items) == 1:
                raise
        outcomes = []
        for envelope, payload in items:
            try:
                outcomes.append(Outcome(self.handle(envelope, payload)))
            except Exception as exc:
                with log_context(case_id=envelope.case_id, correlation_id=envelope.correlation_id,
                                 event_id=envelope.event_id, event_type=envelope.type):
                    log.exception("handler failed")
                outcomes.append(Outcome("failed", f"{type(exc).__name__}: {exc}"))
        return outcomes

    def record_failure(self, event_id: str, event_type: str | None, attempts: int, error: str,
                       parked: bool) -> None:
        table = self.tables.failures
        values = dict(event_type=event_type, attempts=attempts, last_error=error[:4000],
                      failed_at=datetime.now(timezone.utc), parked=int(parked))
        try:
            with self.db.transaction() as session:
                done = session.execute(update(table).where(table.c.consumer == self.service,
                                                           table.c.event_id == event_id).values(**values))
                if done.rowcount == 0:
                    session.execute(insert(table).values(consumer=self.service, event_id=event_id, **values))
        except Exception:  # the failure record is diagnostics; the broker still holds the message
            log.warning("could not record failure of %s", event_id, exc_info=True)


def declare_topology(channel, service: str, event_types: list[str], districts=("*",),
                     group: str = topology.DEFAULT_GROUP, delivery_limit: int = topology.DEFAULT_DELIVERY_LIMIT,
                     known_districts=()) -> Queue:
    """Exchange, dead-letter exchange, the service's quorum work queue with its bindings, parking lot.

    Bindings are reconciled: keys for ``*`` or for any known district that this group no longer
    serves are unbound, so moving a district to a dedicated group takes it out of the default one.
    """
    exchange = Exchange(topology.EXCHANGE, type=topology.EXCHANGE_TYPE, durable=True)
    parking_exchange = Exchange(topology.DEAD_LETTER_EXCHANGE, type=topology.DEAD_LETTER_EXCHANGE_TYPE,
                                durable=True)
    exchange(channel).declare()
    parking_exchange(channel).declare()
    parked = Queue(topology.parking_queue(service), exchange=parking_exchange,
                   routing_key=topology.parking_routing_key(service), durable=True,
                   queue_arguments=topology.PARKING_QUEUE_ARGUMENTS)
    parked(channel).declare()
    queue = Queue(topology.work_queue(service, group), durable=True,
                  queue_arguments=topology.work_queue_arguments(service, delivery_limit))
    bound = queue(channel)
    bound.declare()
    wanted = topology.binding_keys(event_types, districts)
    for key in wanted:
        bound.bind_to(exchange=topology.EXCHANGE, routing_key=key)
    for key in set(topology.binding_keys(event_types, ("*", *known_districts))) - set(wanted):
        channel.queue_unbind(queue=bound.name, exchange=topology.EXCHANGE, routing_key=key)  # no-op if unbound
    return queue


class EventConsumer(ConsumerMixin):
    """kombu consumer: prefetch, heartbeats, reconnect with backoff (ConsumerMixin), ack after commit.

    Messages that are already waiting are handled together, up to ``batch_size``, in one
    transaction (see EventHandling.handle_batch); each is acked only after that commit.
    """

    def __init__(self, connection: kombu.Connection, handling: EventHandling, *, districts=("*",),
                 group: str = topology.DEFAULT_GROUP, prefetch: int = 50, max_deliveries: int = 5,
                 batch_size: int = 50, known_districts=()):
        self.connection = connection
        self.handling = handling
        self.districts, self.group, self.known_districts = districts, group, tuple(known_districts)
        self.prefetch, self.max_deliveries = prefetch, max_deliveries
        self.batch_size = max(1, min(batch_size, prefetch))
        self.counts = {"handled": 0, "duplicate": 0, "ignored": 0, "failed": 0, "parked": 0}
        self._park_channel = None
        self._batch: list[tuple] = []

    def get_consumers(self, Consumer, channel):
        queue = declare_topology(channel, self.handling.service, sorted(self.handling.handlers),
                                 self.districts, self.group, delivery_limit=self.max_deliveries + 2,
                                 known_districts=self.known_districts)
        self._park_channel = None
        self._batch = []
        return [Consumer(queues=[queue], on_message=self.on_message, prefetch_count=self.prefetch,
                         no_ack=False)]

    def stop(self) -> None:
        """Finish the messages in hand, then leave the consume loop."""
        self.should_stop = True

    def on_connection_error(self, exc, interval):
        log.warning("broker connection lost, reconnecting in %ss: %s", interval, exc)

    def consume(self, limit=None, timeout=None, safety_interval=1, **kwargs):
        """ConsumerMixin's loop, plus: after the first message, take what is already waiting."""
        with self.consumer_context(**kwargs) as (connection, _channel, _consumers):
            while not self.should_stop:
                try:
                    connection.drain_events(timeout=safety_interval)
                except socket.timeout:
                    connection.heartbeat_check()
                    continue
                while len(self._batch) < self.batch_size:
                    try:
                        connection.drain_events(timeout=0.002)
                    except socket.timeout:
                        break
                self.flush()
                yield

    def on_message(self, message) -> None:
        try:
            envelope, payload = self.handling.decode(message.body)
        except PoisonMessage as exc:
            attempts = int((message.headers or {}).get("x-delivery-count", 0)) + 1
            outcome = self._park(message, message.properties.get("message_id") or "unknown", None, attempts, str(exc))
            self.counts[outcome.status] += 1
            return
        self._batch.append((message, envelope, payload))
        if len(self._batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            outcomes = self.handling.handle_batch([(envelope, payload) for _, envelope, payload in batch])
        except Exception as exc:  # a single message whose handler failed
            log.exception("handler failed")
            outcomes = [Outcome("failed", f"{type(exc).__name__}: {exc}")]
        if all(outcome.status != "failed" for outcome in outcomes):
            # One ack for the whole batch: every earlier delivery on this channel is already settled.
            batch[-1][0].ack(multiple=True)
            for outcome in outcomes:
                self.counts[outcome.status] += 1
            return
        for (message, envelope, _), outcome in zip(batch, outcomes):
            self.counts[self.settle(message, envelope, outcome)] += 1

    def settle(self, message, envelope: Envelope, outcome: Outcome) -> str:
        """Ack after commit; a failure is retried (requeued) until its last attempt, then parked."""
        if outcome.status != "failed":
            message.ack()
            return outcome.status
        attempts = int((message.headers or {}).get("x-delivery-count", 0)) + 1
        with log_context(case_id=envelope.case_id, correlation_id=envelope.correlation_id,
                         event_id=envelope.event_id, event_type=envelope.type):
            log.warning("attempt %d of %d failed: %s", attempts, self.max_deliveries, outcome.error)
            if attempts >= self.max_deliveries:
                return self._park(message, envelope.event_id, envelope.type, attempts, outcome.error).status
        self.handling.record_failure(envelope.event_id, envelope.type, attempts, outcome.error, parked=False)
        message.requeue()
        return "failed"

    def _park(self, message, event_id: str, event_type: str | None, attempts: int, error: str) -> Outcome:
        """Move the message to ``<service>.parked`` with its error, confirmed, then ack the original."""
        service = self.handling.service
        if self._park_channel is None:
            self._park_channel = self.connection.channel()
        headers = dict(message.headers or {})
        headers.update({"x-minqing-error": error[:2000], "x-minqing-service": service,
                        "x-minqing-attempts": attempts, "x-original-routing-key": message.delivery_info.get(
                            "routing_key", ""), "x-minqing-parked-at": datetime.now(timezone.utc).isoformat()})
        props = {k: v for k, v in message.properties.items() if k in (
            "content_type", "content_encoding", "message_id", "type", "correlation_id", "app_id")}
        self._park_channel.basic_publish_confirm(
            amqp.Message(message.body, delivery_mode=2, application_headers=headers, **props),
            exchange=topology.DEAD_LETTER_EXCHANGE, routing_key=topology.parking_routing_key(service),
            confirm_timeout=10)
        self.handling.record_failure(event_id, event_type, attempts, error, parked=True)
        message.ack()
        log.error("parked event %s after %d attempts: %s", event_id, attempts, error)
        return Outcome("parked", error)
