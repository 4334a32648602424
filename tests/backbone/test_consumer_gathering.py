"""A busy consumer lets a batch gather (``gather_seconds``, ``CONSUMER_GATHER_SECONDS``): events that
trickle in one by one, each published on its own, are handled in a few transactions, not one each,
while the first event after a quiet spell is handled at once. The real RabbitMQ and PostgreSQL; each
``handle_batch`` call (one transaction, one ack) is recorded."""

from __future__ import annotations

import time

import pytest

from support.workers import running, wait_for

from .harness import delete_queues, make_service, payload

EVENTS = 30
SPACING = 0.01  # seconds between two events: far longer than the 2 ms a consumer waits for what is waiting


@pytest.fixture
def pair(broker_url, postgres):
    source, alpha = (
        make_service("source", postgres.create("gather_source")),
        make_service("alpha", postgres.create("gather_alpha")),
    )
    alpha.consumer(broker_url).declare()
    yield source, alpha
    for service in (source, alpha):
        service.db.dispose()
    delete_queues(broker_url, "alpha")


def recording(consumer) -> list[int]:
    """The size of each batch the consumer hands its handling (one transaction each)."""
    sizes: list[int] = []
    handle_batch = consumer.handling.handle_batch

    def recorded(items):
        sizes.append(len(items))
        return handle_batch(items)

    consumer.handling.handle_batch = recorded
    return sizes


def trickle(source, prefix: str) -> None:
    for i in range(EVENTS):
        source.emit(payload(ticket=f"TV-{prefix}-{i}"))
        time.sleep(SPACING)


def test_events_that_trickle_in_are_handled_in_a_few_batches(pair, broker_url):
    source, alpha = pair
    consumer = alpha.consumer(broker_url, gather_seconds=1.0)
    sizes = recording(consumer)
    with running(source.relay(broker_url), consumer):
        trickle(source, "busy")
        wait_for(lambda: alpha.effect_count() == EVENTS, what="every trickled event handled")
    assert sum(sizes) == EVENTS
    # the first at once, the rest within the next second: two batches (three if the stream straddles)
    assert len(sizes) <= 3, sizes


def test_the_first_event_after_a_quiet_spell_is_handled_at_once(pair, broker_url):
    source, alpha = pair
    consumer = alpha.consumer(broker_url, gather_seconds=2.0)
    sizes = recording(consumer)
    with running(source.relay(broker_url), consumer):
        [first] = source.emit(payload(ticket="TV-first"))
        wait_for(lambda: alpha.effect_count(first) == 1, what="the first event")
        time.sleep(2.3)  # quiet: longer than gather_seconds since the last batch
        started = time.monotonic()
        [event_id] = source.emit(payload(ticket="TV-after-quiet"))
        wait_for(lambda: alpha.effect_count(event_id) == 1, interval=0.01, what="the event after the quiet spell")
        assert time.monotonic() - started < 1.5  # not held for the 2 s a busy consumer's batch may gather
    assert sizes == [1, 1]


def test_without_gathering_each_trickled_event_is_its_own_batch_mostly(pair, broker_url):
    """The contrast, so that the first test shows the gathering: with ``gather_seconds`` 0 the consumer
    takes only what is already waiting, and events 10 ms apart mostly come one at a time."""
    source, alpha = pair
    consumer = alpha.consumer(broker_url, gather_seconds=0.0)
    sizes = recording(consumer)
    with running(source.relay(broker_url), consumer):
        trickle(source, "idle")
        wait_for(lambda: alpha.effect_count() == EVENTS, what="every trickled event handled")
    assert sum(sizes) == EVENTS
    assert len(sizes) > 3, sizes
