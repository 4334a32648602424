"""An event that arrives before what it depends on (NotReadyYet) waits in a retry queue on the real
broker: handled once its dependency arrives, without spending delivery attempts; parked, with its
original routing key and properties, only once the bounded time is spent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from minqing_kit.consumer import RetryPolicy
from minqing_kit.parked import ParkingLot
from support.workers import running, wait_for

from .harness import EVENT, NEXT_EVENT, delete_queues, make_service, payload

BOTH = (EVENT, NEXT_EVENT)
QUICK = (1,)  # one retry queue holding messages 1 s, instead of 1 s, 5 s, 30 s, 120 s


@pytest.fixture
def pair(broker_url, postgres):
    source = make_service("source", postgres.create("nry_source"))
    alpha = make_service("alpha", postgres.create("nry_alpha"), needs_first=True)
    yield source, alpha
    for service in (source, alpha):
        service.db.dispose()
    delete_queues(broker_url, "alpha", retry_delays=QUICK)


def publish(source, broker_url, *payloads) -> list[str]:
    ids = source.emit(*payloads)
    assert source.relay(broker_url).run_once() == len(ids)
    return ids


def failures(service) -> list:
    with service.db.engine.connect() as connection:
        return connection.execute(select(service.tables.failures)).all()


def test_an_event_waits_for_its_dependency_without_spending_delivery_attempts(pair, broker_url):
    source, alpha = pair
    consumer = alpha.consumer(broker_url, BOTH, max_deliveries=2, retry=RetryPolicy(park_after=120, delays=QUICK))
    consumer.declare()
    [early] = publish(source, broker_url, payload(NEXT_EVENT, ticket="TV-early"))
    with running(consumer):
        # Five tries: more than max_deliveries (2) and than the queue's delivery limit (4).
        wait_for(lambda: consumer.counts["delayed"] >= 5, timeout=30, what="five tries of the early event")
        [first] = publish(source, broker_url, payload(EVENT, ticket="TV-early"))
        wait_for(lambda: alpha.effect_count(early) == 1, what="the early event handled after its dependency")
    assert (alpha.effect_count(first), alpha.effect_count(early)) == (1, 1)
    assert (consumer.counts["parked"], consumer.counts["failed"]) == (0, 0)
    assert ParkingLot(broker_url, "alpha").list() == []
    [failure] = failures(alpha)
    assert (failure.event_id, failure.parked) == (early, 0) and failure.attempts >= 5


def test_an_event_whose_dependency_never_arrives_is_parked_after_the_bounded_time(pair, broker_url):
    source, alpha = pair
    consumer = alpha.consumer(broker_url, BOTH, max_deliveries=2, retry=RetryPolicy(park_after=2, delays=QUICK))
    consumer.declare()
    [orphan] = publish(source, broker_url, payload(NEXT_EVENT, ticket="TV-orphan"))
    with running(consumer):
        wait_for(lambda: consumer.counts["parked"] == 1, timeout=30, what="the orphan parked")
    assert consumer.counts["delayed"] >= 2 and alpha.effect_count(orphan) == 0
    [parked] = ParkingLot(broker_url, "alpha").list()
    assert (parked.event_id, parked.event_type) == (orphan, NEXT_EVENT.EVENT_TYPE)
    assert parked.routing_key == f"testville.{NEXT_EVENT.EVENT_TYPE}"  # where first published, not the retry queue
    assert parked.properties.correlation_id == orphan and parked.properties.content_type == "application/json"
    assert "not ready after" in parked.error and "TV-orphan not received yet" in parked.error
    [failure] = failures(alpha)
    assert (failure.event_id, failure.parked) == (orphan, 1)
