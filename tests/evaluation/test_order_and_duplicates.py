"""The same metrics whatever the order and duplication of events: in-process through the real
handlers on PostgreSQL, and end to end through the real RabbitMQ."""

from __future__ import annotations

import kombu

from minqing_evaluation.definition import DEFINITION
from minqing_kit.publisher import ConfirmingPublisher, Outgoing
from minqing_kit.service import build_consumer, build_relay, declare
from support.workers import running, wait_for

from .streams import shuffled_with_duplicates, stream


def latest_resolutions(events) -> dict:
    latest = {}
    for e in sorted(events, key=lambda e: e.occurred_at):
        if e.type == "case.resolved.v1":
            latest[e.case_id] = e.event_id
    return latest


def test_shuffled_and_duplicated_stream_gives_the_same_counters(make_service):
    events = stream(25)
    in_order, mixed = make_service(), make_service()
    in_order.feed(*events)
    outcomes = mixed.feed(*shuffled_with_duplicates(events))
    assert outcomes.count("duplicate") == len(events) // 3
    assert mixed.counters() == in_order.counters() != {}
    url = "/api/v1/districts/testville/rankings?month=2026-11&level=department"
    assert mixed.client.get(url).get_json() == in_order.client.get(url).get_json()
    # one open follow-up per case, for its latest resolution, whatever order the resolutions came in
    assert mixed.open_evaluations() == in_order.open_evaluations() == latest_resolutions(events)


def test_through_the_broker_shuffled_and_duplicated(make_service, broker_url):
    events = stream(15, seed=3)
    reference, live = make_service(), make_service()
    reference.feed(*events)
    settings = live.runtime.settings
    declare(DEFINITION, settings, live.runtime)
    with kombu.Connection(broker_url) as connection:  # a queue standing in for notify
        notify = kombu.Queue(
            "test.requested",
            exchange=kombu.Exchange("minqing.events", "topic", durable=True),
            routing_key="*.evaluation.requested.v1",
        )
        notify(connection.channel()).declare()
    publisher = ConfirmingPublisher(broker_url, 10)
    result = publisher.publish_batch(
        [
            Outgoing(key=i, event_id=e.event_id, event_type=e.type, routing_key=e.routing_key, body=e.to_json())
            for i, e in enumerate(shuffled_with_duplicates(events))
        ]
    )
    publisher.close()
    assert not result.failed
    consumer = build_consumer(DEFINITION, settings, live.runtime)
    with running(consumer, build_relay(DEFINITION, settings, live.runtime.db)):
        wait_for(lambda: live.counters() == reference.counters(), timeout=60, what="same counters via the broker")
        wait_for(
            lambda: _depth(broker_url, "test.requested") >= len(reference.open_evaluations()),
            timeout=30,
            what="follow-up requests published for notify",
        )
    assert consumer.counts["duplicate"] == len(events) // 3
    assert live.open_evaluations() == latest_resolutions(events)


def _depth(url: str, queue: str) -> int:
    with kombu.Connection(url) as connection:
        return connection.channel().queue_declare(queue, passive=True).message_count
