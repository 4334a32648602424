"""Idempotent event consumers: the events waiting are handled in one transaction that first records
(consumer, event id) of each in the inbox, in one statement; one ack after commit; if one fails, each
gets its own transaction. Whose fault a failure is decides what happens next (minqing_kit.faults):

- the handler's, on a database that answers: the message is requeued, then parked after
  ``max_deliveries`` attempts, with its error;
- not ready yet (``NotReadyYet``): the message goes to a retry queue and comes back after a growing
  delay, spending no delivery attempt, and is parked only after ``RetryPolicy.park_after`` seconds;
- the database's (unreachable, connection lost, serialization failure, deadlock, "database is
  locked"): the consumer keeps the messages it holds unacked, takes no work beyond its prefetch,
  keeps the broker connection alive, and retries the same events after a capped backoff with
  jitter until the database answers. Waiting spends no delivery attempt either.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import kombu
from kombu import Message, Queue
from kombu.mixins import ConsumerMixin
from pydantic import BaseModel

from minqing_contracts import Envelope, topology

from .brokers import next_node_connection, node_position
from .database_wait import DatabaseWait
from .faults import DatabaseUnavailable
from .handling import BatchHandler, EventHandling, Handler, Handlers, Outcome, PoisonMessage, event_context
from .metrics import EVENTS_SETTLED
from .queues import declare_topology
from .redelivery import Redelivery, RetryPolicy, retries_so_far

__all__ = [
    "BatchHandler",
    "EventConsumer",
    "EventHandling",
    "Handler",
    "Handlers",
    "Outcome",
    "PoisonMessage",
    "RetryPolicy",
]
log = logging.getLogger(__name__)
SETTLED = ("handled", "duplicate", "ignored")
Decoded = tuple[Message, Envelope, BaseModel]


class EventConsumer(ConsumerMixin):
    """kombu consumer: prefetch, heartbeats, reconnect with backoff (ConsumerMixin), ack after commit.

    Messages that are already waiting are handled together, up to ``batch_size``, in one
    transaction (see EventHandling.handle_batch); each is acked only after that commit.
    """

    def __init__(
        self,
        connection: kombu.Connection,
        handling: EventHandling,
        *,
        districts: Iterable[str] = ("*",),
        group: str = topology.DEFAULT_GROUP,
        prefetch: int = 50,
        max_deliveries: int = 5,
        batch_size: int = 50,
        known_districts: Iterable[str] = (),
        retry: RetryPolicy | None = None,
        wait_seconds: float = 1.0,
    ):
        """``wait_seconds``: the longest an idle consumer waits for a message before it checks its heartbeat
        and whether it should stop (so also the longest ``stop`` takes when nothing comes)."""
        self.connection = connection
        self.handling = handling
        self.districts, self.group, self.known_districts = districts, group, tuple(known_districts)
        self.prefetch, self.max_deliveries = prefetch, max_deliveries
        self.wait_seconds = wait_seconds
        self.batch_size = max(1, min(batch_size, prefetch))
        self.counts = {"handled": 0, "duplicate": 0, "ignored": 0, "failed": 0, "delayed": 0, "parked": 0}
        self.redelivery = Redelivery(handling.service, group, retry or RetryPolicy())
        self.database_wait = DatabaseWait(handling.service)
        self._held: list[Message] = []  # messages received, not yet settled (unacked)
        self._flushing = False
        self._node: int | None = None  # position in the connection's node list of the last node consumed from

    def declare(self) -> None:
        """Declare the queues and bindings on a connection of its own, then close it: before anything is
        published (``mandatory`` needs a route). Consuming declares them again on each (re)connect."""
        with self.connection.clone() as connection:
            connection.ensure_connection(max_retries=3)
            self._declare_on(connection.channel())

    def _declare_on(self, channel: Any) -> Queue:
        return declare_topology(
            channel,
            self.handling.service,
            self.handling.event_types,
            self.districts,
            self.group,
            delivery_limit=self.max_deliveries + 2,
            known_districts=self.known_districts,
            retry_delays=self.redelivery.policy.delays,
        )

    def get_consumers(self, Consumer: Any, channel: Any) -> list[Any]:
        queue = self._declare_on(channel)
        self.redelivery.use(channel.connection)
        self._held = []
        return [Consumer(queues=[queue], on_message=self.on_message, prefetch_count=self.prefetch, no_ack=False)]

    def stop(self) -> None:
        """Finish the messages in hand, then leave the consume loop."""
        self.should_stop = True

    def create_connection(self) -> kombu.Connection:
        """ConsumerMixin's (re)connect: the node after the last one consumed from, not the first again."""
        return next_node_connection(self.connection, self._node)

    def on_connection_error(self, exc: Exception, interval: float) -> None:
        log.warning("broker connection lost, reconnecting in %ss: %s", interval, exc)

    def consume(self, safety_interval: float | None = None, **kwargs: Any) -> Iterator[None]:  # type: ignore[override]
        """ConsumerMixin's loop (``on_iteration`` each turn, a connection error while stopping ends it
        quietly), plus: after the first message, take what is already waiting; while the database
        does not answer, hold what was taken until the next try. ``run`` passes ``limit=None``,
        which goes on to ``on_consume_ready`` with the other keywords."""
        with self.consumer_context(**kwargs) as (connection, _channel, _consumers):
            self._node = node_position(connection, self.connection.alt)
            while not self.should_stop:
                self.on_iteration()  # type: ignore[no-untyped-call]  # kombu's, unannotated
                try:
                    took = self._next(connection, safety_interval or self.wait_seconds)
                except OSError:
                    if self.should_stop:  # stop() may have run meanwhile (mypy keeps the loop's narrowing)
                        break  # type: ignore[unreachable]
                    raise
                if took:
                    self.flush()
                    yield

    def _next(self, connection: kombu.Connection, timeout: float) -> bool:
        """Hold while waiting for the database (none held after a reconnect: take again), or take."""
        if self.database_wait.active and self._held:
            self._hold(connection)
            return True
        return self._take(connection, timeout)

    def _take(self, connection: kombu.Connection, timeout: float) -> bool:
        """Wait for a message, then take what is already waiting; False when none came."""
        try:
            connection.drain_events(timeout=timeout)
        except TimeoutError:
            connection.heartbeat_check()
            return False
        while len(self._held) < self.batch_size:
            try:
                connection.drain_events(timeout=0.002)
            except TimeoutError:
                break
        return True

    def _hold(self, connection: kombu.Connection) -> None:
        """Until the next try, read frames and send heartbeats so that the broker keeps the connection
        (and the messages held); the prefetch limit keeps new work away meanwhile."""
        while not self.should_stop and (left := self.database_wait.seconds_left()) > 0:
            try:
                connection.drain_events(timeout=min(left, self.wait_seconds))
            except TimeoutError:
                pass
            connection.heartbeat_check()

    def on_message(self, message: Message) -> None:
        """Only collects: a delivery may arrive while a message is being parked or delayed."""
        self._held.append(message)
        if len(self._held) >= self.batch_size and not self.database_wait.active:
            self.flush()

    def flush(self) -> None:
        """Handle the messages held, a batch at a time. If the database does not answer, keep them all
        unacked for the next try."""
        if self._flushing:
            return
        self._flushing = True
        try:
            while self._held:
                messages, self._held = self._held[: self.batch_size], self._held[self.batch_size :]
                batch = self._decoded(messages)
                if not batch:
                    continue
                try:
                    outcomes = self.handling.handle_batch([(envelope, payload) for _, envelope, payload in batch])
                except DatabaseUnavailable as exc:
                    self._held = [message for message, _, _ in batch] + self._held
                    self.database_wait.failed(str(exc), len(self._held))
                    return
                self.database_wait.ended()
                self._settle_batch(batch, outcomes)
        finally:
            self._flushing = False

    def _decoded(self, messages: list[Message]) -> list[Decoded]:
        """(message, envelope, payload) for each message that is an event; the others are parked at once."""
        batch: list[Decoded] = []
        for message in messages:
            try:
                batch.append((message, *self.handling.decode(message.body)))
            except PoisonMessage as exc:
                attempts = int((message.headers or {}).get("x-delivery-count", 0)) + 1
                self._count(
                    self._park(message, message.properties.get("message_id") or "unknown", None, attempts, str(exc))
                )
        return batch

    def _settle_batch(self, batch: list[Decoded], outcomes: list[Outcome]) -> None:
        if all(outcome.status in SETTLED for outcome in outcomes):
            # One ack for the whole batch: every earlier delivery on this channel is already settled.
            batch[-1][0].ack(multiple=True)
            for (_, envelope, _), outcome in zip(batch, outcomes, strict=True):
                self._settled(envelope, outcome.status)
                self._count(outcome.status)
            return
        for (message, envelope, _), outcome in zip(batch, outcomes, strict=True):
            self._count(self.settle(message, envelope, outcome))

    def settle(self, message: Message, envelope: Envelope, outcome: Outcome) -> str:
        """Ack after commit; a not-ready event is delayed; a failure is retried (requeued) until its
        last attempt, then parked."""
        error = str(outcome.error)  # a failed or not-ready outcome always carries one
        if outcome.status == "not_ready":
            return self._delay(message, envelope, error)
        if outcome.status != "failed":
            message.ack()
            self._settled(envelope, outcome.status)
            return outcome.status
        attempts = int((message.headers or {}).get("x-delivery-count", 0)) + 1
        with event_context(envelope):
            log.warning("attempt %d of %d failed: %s", attempts, self.max_deliveries, error)
            if attempts >= self.max_deliveries:
                return self._park(message, envelope.event_id, envelope.type, attempts, error)
        self.handling.record_failure(envelope.event_id, envelope.type, attempts, error, parked=False)
        message.requeue()
        return "failed"

    def _count(self, outcome: str) -> None:
        self.counts[outcome] += 1
        EVENTS_SETTLED.labels(self.handling.service, outcome).inc()

    def _settled(self, envelope: Envelope, status: str) -> None:
        """The success line, after the ack: one per event handled (a duplicate or an ignored type at debug)."""
        with event_context(envelope):
            log.log(logging.INFO if status == "handled" else logging.DEBUG, "%s %s", status, envelope.type)

    def _delay(self, message: Message, envelope: Envelope, error: str) -> str:
        retries, waited = retries_so_far(message)
        with event_context(envelope):
            seconds = self.redelivery.delay(message, error)
            if seconds is None:
                return self._park(
                    message,
                    envelope.event_id,
                    envelope.type,
                    retries + 1,
                    f"not ready after {waited:.0f} s and {retries + 1} tries: {error}",
                )
            log.info("not ready yet (try %d), again in %d s: %s", retries + 1, seconds, error)
        self.handling.record_failure(envelope.event_id, envelope.type, retries + 1, error, parked=False)
        return "delayed"

    def _park(self, message: Message, event_id: str, event_type: str | None, attempts: int, error: str) -> str:
        """Move the message to ``<service>.parked`` with its error, confirmed, then ack the original."""
        self.redelivery.park(message, attempts, error)
        self.handling.record_failure(event_id, event_type, attempts, error, parked=True)
        log.error("parked event %s after %d attempts: %s", event_id, attempts, error)
        return "parked"
