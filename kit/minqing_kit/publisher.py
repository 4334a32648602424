"""Publish a batch with publisher confirms and ``mandatory``: each message is acked, nacked,
returned as unroutable, or timed out — and only an ack counts as published."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import amqp
import kombu

from minqing_contracts import topology

from .brokers import broker_connection, connect_attempts

log = logging.getLogger(__name__)
UNROUTABLE = "unroutable"  # how a returned message's reason starts (no queue bound to its routing key)


@dataclass(frozen=True)
class Outgoing:
    key: int | str  # the caller's id for this message (an outbox row id)
    event_id: str
    event_type: str
    routing_key: str
    body: str
    correlation_id: str | None = None
    exchange: str = topology.EXCHANGE


@dataclass
class BatchResult:
    confirmed: list[int | str] = field(default_factory=list)
    failed: dict[int | str, str] = field(default_factory=dict)  # key -> reason
    unroutable: set[int | str] = field(default_factory=set)  # keys of failed messages the broker returned as unroutable


def declare_exchanges(channel: Any) -> None:
    channel.exchange_declare(topology.EXCHANGE, topology.EXCHANGE_TYPE, durable=True, auto_delete=False)
    channel.exchange_declare(
        topology.DEAD_LETTER_EXCHANGE, topology.DEAD_LETTER_EXCHANGE_TYPE, durable=True, auto_delete=False
    )


class ConfirmingPublisher:
    """One connection, one confirm-mode channel. Not thread-safe; one per relay process.

    ``amqp_url`` may name several cluster nodes (``;``-separated, minqing_kit.brokers): a connection
    lost or refused moves on to the next node, and the next connect starts from the node that worked
    last, so a dead first node costs one failed attempt, not one per reconnect."""

    def __init__(self, amqp_url: str, confirm_timeout: float = 10.0, heartbeat: float = 15):
        self.amqp_url = amqp_url
        self.confirm_timeout = confirm_timeout
        self.heartbeat = heartbeat
        self._broker: kombu.Connection | None = None  # keeps its place in the node list across reconnects
        self._connection: kombu.Connection | None = None
        self._channel: Any = None  # the connection's py-amqp channel
        self._next_tag = 1
        self._pending: dict[int, Outgoing] = {}
        self._result: BatchResult | None = None
        self._returned: dict[str, str] = {}

    # -- connection ------------------------------------------------------------------------
    def connect(self) -> None:
        self.close()
        if self._broker is None:
            self._broker = broker_connection(self.amqp_url, heartbeat=self.heartbeat)
        connection = self._broker
        connection.ensure_connection(max_retries=connect_attempts(connection, rounds=2))
        channel = connection.channel()
        declare_exchanges(channel)
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        channel.events["basic_return"].add(self._on_return)
        self._connection, self._channel, self._next_tag = connection, channel, 1

    @property
    def connected(self) -> bool:
        return self._connection is not None and self._connection.connected

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # closing a dead connection must not hide the original error
                log.debug("close failed", exc_info=True)
        self._connection = self._channel = None

    def idle(self, seconds: float) -> None:
        """Wait while reading the socket, so the broker's heartbeats are seen, then send ours."""
        connection = self._connection
        if connection is None or not connection.connected:
            time.sleep(seconds)
            return
        try:
            connection.drain_events(timeout=seconds)
        except TimeoutError:
            pass
        connection.heartbeat_check()

    # -- publishing ------------------------------------------------------------------------
    def publish_batch(self, messages: list[Outgoing]) -> BatchResult:
        """Publish all, then wait (bounded) for every confirm. Connection errors propagate."""
        if not self.connected:
            self.connect()
        connection = self._connection
        assert connection is not None  # connect() raises when it cannot connect
        result = self._result = BatchResult()
        self._pending, self._returned = {}, {}
        for message in messages:
            self._channel.basic_publish(
                amqp.Message(
                    message.body,
                    content_type="application/json",
                    content_encoding="utf-8",
                    delivery_mode=2,
                    message_id=message.event_id,
                    type=message.event_type,
                    correlation_id=message.correlation_id or "",
                    app_id="minqing",
                ),
                exchange=message.exchange,
                routing_key=message.routing_key,
                mandatory=True,
            )
            self._pending[self._next_tag] = message
            self._next_tag += 1
        deadline = time.monotonic() + self.confirm_timeout
        while self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                connection.drain_events(timeout=min(remaining, 1.0))
            except TimeoutError:
                continue
        if self._pending:  # confirms that never came: fail them and start a fresh channel
            for message in self._pending.values():
                result.failed[message.key] = f"no confirm within {self.confirm_timeout}s"
            self._pending = {}
            self.close()
        return result

    def _settle(self, delivery_tag: int, multiple: bool, ok: bool) -> None:
        tags = [t for t in self._pending if t <= delivery_tag] if multiple else [delivery_tag]
        result = self._result
        assert result is not None  # confirms arrive only while publish_batch waits for them
        for tag in tags:
            message = self._pending.pop(tag, None)
            if message is None:
                continue
            if not ok:
                result.failed[message.key] = "nacked by broker"
            elif message.event_id in self._returned:
                result.failed[message.key] = self._returned[message.event_id]
                result.unroutable.add(message.key)
            else:
                result.confirmed.append(message.key)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple, ok=True)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple, ok=False)

    def _on_return(self, exc: Exception, exchange: str, routing_key: str, message: Any) -> None:
        event_id = message.properties.get("message_id", "")
        self._returned[event_id] = (
            f"{UNROUTABLE}: {exc.reply_text if hasattr(exc, 'reply_text') else exc} "
            f"(exchange {exchange}, key {routing_key})"
        )
