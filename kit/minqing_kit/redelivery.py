"""Moving a message off a work queue, confirmed by the broker, then acking it: to the service's parking
lot (it kept failing), or to a retry queue that hands it back after a delay (it came before what it
depends on). A crash between the move and the ack leaves two copies; the inbox makes one a duplicate.

A delayed message is a new message each time: it keeps the original headers and properties but not
the broker's counters (``x-delivery-count``, ``x-death``), so waiting spends no delivery attempt.
Its first try and number of retries travel in ``x-minqing-first-try-at`` and ``x-minqing-retries``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import amqp
from kombu import Message

from minqing_contracts import topology

FIRST_TRY = "x-minqing-first-try-at"
RETRIES = "x-minqing-retries"
BROKER_HEADERS = frozenset(
    {
        "x-delivery-count",
        "x-death",
        "x-first-death-exchange",
        "x-first-death-queue",
        "x-first-death-reason",
        "x-last-death-exchange",
        "x-last-death-queue",
        "x-last-death-reason",
    }
)
KEPT_PROPERTIES = ("content_type", "content_encoding", "message_id", "type", "correlation_id", "app_id")


@dataclass(frozen=True)
class RetryPolicy:
    """Growing delays (the retry queues' TTLs) for an event that is not ready yet; parked once
    ``park_after`` seconds have passed since its first try."""

    park_after: float = 900.0
    delays: tuple[int, ...] = topology.RETRY_DELAYS_SECONDS

    def next_delay(self, retries: int, waited: float) -> int | None:
        """Seconds until the next try, or None when the time is up. Near the end the delay shrinks
        to the longest one that still fits, so the event is parked close to ``park_after``."""
        left = self.park_after - waited
        if left <= 0:
            return None
        wanted = self.delays[min(retries, len(self.delays) - 1)]
        fitting = [d for d in self.delays if d <= left]
        return min(wanted, max(fitting)) if fitting else min(self.delays)


def retries_so_far(message: Message) -> tuple[int, float]:
    """How many times this message was delayed already, and the seconds since its first try."""
    headers = message.headers or {}
    first = headers.get(FIRST_TRY)
    waited = (datetime.now(UTC) - datetime.fromisoformat(first)).total_seconds() if first else 0.0
    return int(headers.get(RETRIES, 0)), waited


class Redelivery:
    """Parks or delays messages of one service's work queue, on a channel of its own on the
    consumer's connection (so that the consumer's heartbeats keep it alive)."""

    def __init__(self, service: str, group: str = topology.DEFAULT_GROUP, policy: RetryPolicy = RetryPolicy()):
        self.service, self.group, self.policy = service, group, policy
        self.connection: Any = None  # py-amqp's, untyped
        self._channel: Any = None

    def use(self, connection: Any) -> None:
        """Move on the consumer's current (py-amqp) connection, e.g. after a reconnect."""
        self.connection, self._channel = connection, None

    def park(self, message: Message, attempts: int, error: str) -> None:
        headers = dict(message.headers or {})
        headers.setdefault("x-original-routing-key", message.delivery_info.get("routing_key", ""))
        headers.update(
            {
                "x-minqing-error": error[:2000],
                "x-minqing-service": self.service,
                "x-minqing-attempts": attempts,
                "x-minqing-parked-at": _now(),
            }
        )
        self._move(message, headers, topology.DEAD_LETTER_EXCHANGE, topology.parking_routing_key(self.service))

    def delay(self, message: Message, error: str) -> int | None:
        """Send the message to the retry queue that fits; the delay in seconds, or None when its time
        is up (the caller parks it)."""
        retries, waited = retries_so_far(message)
        seconds = self.policy.next_delay(retries, waited)
        if seconds is None:
            return None
        headers = {k: v for k, v in (message.headers or {}).items() if k not in BROKER_HEADERS}
        headers.setdefault("x-original-routing-key", message.delivery_info.get("routing_key", ""))
        headers.setdefault(FIRST_TRY, _now())
        headers.update({RETRIES: retries + 1, "x-minqing-last-error": error[:2000]})
        self._move(message, headers, "", topology.retry_queue(self.service, seconds, self.group))
        return seconds

    def _move(self, message: Message, headers: dict[str, Any], exchange: str, routing_key: str) -> None:
        if self._channel is None:
            self._channel = self.connection.channel()
        properties = {k: v for k, v in message.properties.items() if k in KEPT_PROPERTIES}
        self._channel.basic_publish_confirm(
            amqp.Message(message.body, delivery_mode=2, application_headers=headers, **properties),
            exchange=exchange,
            routing_key=routing_key,
            confirm_timeout=10,
        )
        message.ack()


def _now() -> str:
    return datetime.now(UTC).isoformat()
