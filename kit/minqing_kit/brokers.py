"""The broker's address: ``AMQP_URL`` names one RabbitMQ node, or every node of a cluster separated by
``;`` (``amqp://u:p@rabbitmq-1:5672/%2F;amqp://u:p@rabbitmq-2:5672/%2F;amqp://u:p@rabbitmq-3:5672/%2F``).

Every client of the kit takes that list. kombu (consumers, the relay's publisher, the readiness probe)
keeps the other URLs as alternates and, when a connection cannot be made or is lost, moves to the
next node round-robin, pausing only after each full round; ``connect_attempts`` sizes a bounded
``ensure_connection`` so that every node gets its tries. A consumer's reconnect is a fresh clone of its
connection, which would start at the first node again: ``next_node_connection`` starts it at the node
after the one it was on, so reconnects go round the cluster too. pika (the parking-lot tools) is handed one
``URLParameters`` per node and tries them in order.
"""

from __future__ import annotations

import kombu
import pika
from kombu.utils.url import parse_url


def broker_urls(amqp_url: str) -> list[str]:
    """The node URLs in ``amqp_url``, in order; a trailing or doubled ``;`` adds none."""
    urls = [part.strip() for part in amqp_url.split(";") if part.strip()]
    if not urls:
        raise ValueError("no broker URL given")
    return urls


def broker_connection(amqp_url: str, *, heartbeat: float = 0, connect_timeout: float = 5) -> kombu.Connection:
    """A kombu connection (not yet connected) to the first node, the others as its alternates."""
    return kombu.Connection(
        broker_urls(amqp_url),
        heartbeat=heartbeat,
        connect_timeout=connect_timeout,
        failover_strategy="round-robin",
    )


def node_position(connection: kombu.Connection, nodes: list[str]) -> int:
    """Where the node ``connection`` is on now stands in ``nodes`` (0 when it is not found there)."""
    here = (connection.hostname, connection.port, connection.virtual_host)
    for position, url in enumerate(nodes):
        node = parse_url(url)
        if (node.get("hostname"), node.get("port"), node.get("virtual_host")) == here:
            return position
    return 0


def next_node_connection(connection: kombu.Connection, after: int | None) -> kombu.Connection:
    """A clone of ``connection`` (not yet connected) whose node list starts at the node after position
    ``after`` and wraps round (``None``: at the first node), every node still its alternate."""
    nodes = list(connection.alt)
    if not nodes:  # a connection made from keywords, not URLs
        return connection.clone()  # type: ignore[no-any-return]
    start = 0 if after is None else (after + 1) % len(nodes)
    clone: kombu.Connection = connection.clone(hostname=nodes[start:] + nodes[:start], alternates=None)
    return clone


def connect_attempts(connection: kombu.Connection, rounds: int) -> int:
    """``max_retries`` for ``connection.ensure_connection`` that tries every node ``rounds`` times
    (kombu's count excludes the first attempt)."""
    return max(1, rounds) * max(1, len(connection.alt)) - 1


def pika_parameters(amqp_url: str) -> list[pika.URLParameters]:
    """One pika parameter set per node, for ``pika.BlockingConnection``, which tries each in turn."""
    return [pika.URLParameters(url) for url in broker_urls(amqp_url)]
