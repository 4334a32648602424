"""Names on the broker. One durable topic exchange; one queue per consuming service.

Routing key: ``<district>.<event type>``, e.g. ``xinlin.case.received.v1``. A service binds its
queue once per subscribed event type, with ``*`` for every district or a district code to serve
one district only (a dedicated consumer group for a busy district).

Queues are named ``<service>.<purpose>``: replicas of one service compete on the same queue,
different services each get their own copy. Every work queue is a quorum queue with a delivery
limit and a dead-letter exchange; a message that keeps failing lands in ``<service>.parked``.

An event that came before what it depends on waits in one of the work queue's retry queues,
``<work queue>.retry-<n>s``: each holds its messages ``n`` seconds (one TTL per queue, so no message
waits behind a longer one), then dead-letters them back to that work queue alone through the
default exchange, so no other service gets a second copy.
"""

from __future__ import annotations

from collections.abc import Iterable

EXCHANGE = "minqing.events"
EXCHANGE_TYPE = "topic"
DEAD_LETTER_EXCHANGE = "minqing.parked"
DEAD_LETTER_EXCHANGE_TYPE = "direct"

ALL_DISTRICTS = "*"
DEFAULT_GROUP = "events"
DEFAULT_DELIVERY_LIMIT = 5


def work_queue(service: str, group: str = DEFAULT_GROUP) -> str:
    """The queue a service's consumers share: ``routing.events`` or ``routing.events-xinlin``."""
    return f"{service}.{group}"


def parking_queue(service: str) -> str:
    return f"{service}.parked"


def parking_routing_key(service: str) -> str:
    return f"parked.{service}"


def binding_keys(event_types: Iterable[str], districts: Iterable[str] = (ALL_DISTRICTS,)) -> list[str]:
    return sorted({f"{district}.{event_type}" for district in districts for event_type in event_types})


def work_queue_arguments(service: str, delivery_limit: int = DEFAULT_DELIVERY_LIMIT) -> dict[str, object]:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
        "x-dead-letter-routing-key": parking_routing_key(service),
    }


PARKING_QUEUE_ARGUMENTS = {"x-queue-type": "quorum"}

RETRY_DELAYS_SECONDS = (1, 5, 30, 120)


def retry_queue(service: str, delay_seconds: int, group: str = DEFAULT_GROUP) -> str:
    """``routing.events.retry-5s``: holds a message 5 s, then hands it back to ``routing.events``."""
    return f"{work_queue(service, group)}.retry-{delay_seconds}s"


def retry_queue_arguments(service: str, delay_seconds: int, group: str = DEFAULT_GROUP) -> dict[str, object]:
    """Quorum queue, TTL per queue, at-least-once dead-lettering to the work queue (RabbitMQ 3.10+)."""
    return {
        "x-queue-type": "quorum",
        "x-message-ttl": int(delay_seconds * 1000),
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": work_queue(service, group),
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }
