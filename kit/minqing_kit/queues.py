"""Declaring a consuming service's part of the topology (names in ``minqing_contracts.topology``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kombu import Exchange, Queue

from minqing_contracts import topology


def declare_topology(
    channel: Any,
    service: str,
    event_types: list[str],
    districts: Iterable[str] = ("*",),
    group: str = topology.DEFAULT_GROUP,
    delivery_limit: int = topology.DEFAULT_DELIVERY_LIMIT,
    known_districts: Iterable[str] = (),
    retry_delays: Iterable[int] = topology.RETRY_DELAYS_SECONDS,
) -> Queue:
    """Exchange, dead-letter exchange, the service's quorum work queue with its bindings, its retry
    queues (one per delay), parking lot.

    Bindings are reconciled: keys for ``*`` or for any known district that this group no longer
    serves are unbound, so moving a district to a dedicated group takes it out of the default one.
    """
    exchange = Exchange(topology.EXCHANGE, type=topology.EXCHANGE_TYPE, durable=True)
    parking_exchange = Exchange(topology.DEAD_LETTER_EXCHANGE, type=topology.DEAD_LETTER_EXCHANGE_TYPE, durable=True)
    exchange(channel).declare()
    parking_exchange(channel).declare()
    parked = Queue(
        topology.parking_queue(service),
        exchange=parking_exchange,
        routing_key=topology.parking_routing_key(service),
        durable=True,
        queue_arguments=topology.PARKING_QUEUE_ARGUMENTS,
    )
    parked(channel).declare()
    queue = Queue(
        topology.work_queue(service, group),
        durable=True,
        queue_arguments=topology.work_queue_arguments(service, delivery_limit),
    )
    bound = queue(channel)
    bound.declare()
    for seconds in retry_delays:
        Queue(
            topology.retry_queue(service, seconds, group),
            durable=True,
            queue_arguments=topology.retry_queue_arguments(service, seconds, group),
        )(channel).declare()
    wanted = topology.binding_keys(event_types, districts)
    for key in wanted:
        bound.bind_to(exchange=topology.EXCHANGE, routing_key=key)
    for key in set(topology.binding_keys(event_types, ("*", *known_districts))) - set(wanted):
        channel.queue_unbind(queue=bound.name, exchange=topology.EXCHANGE, routing_key=key)  # no-op if unbound
    return queue
