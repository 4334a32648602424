"""An idle relay on PostgreSQL sleeps on LISTEN instead of polling: a committed outbox row wakes it at
once (its fallback poll is set to a minute here, so only the notification can explain the publish), a
rolled-back one sends no wake-up, and a listener whose connection the server ended listens again. Idle,
it claims nothing between notifications; a row it failed to publish is tried again when it is due, and
a row committed before its LISTEN began is published without a notification. Rows that trickle in, each
with its notification, are claimed at most once per ``idle_seconds``: a few batches, not one each."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy import select

from minqing_contracts import new_envelope
from minqing_kit.outbox import OutboxListener
from support.workers import running, wait_for

from .harness import NEXT_EVENT, delete_queues, make_service, payload


@pytest.fixture
def pair(broker_url, postgres):
    source, alpha = (
        make_service("source", postgres.create("wake_source")),
        make_service("alpha", postgres.create("wake_alpha")),
    )
    alpha.consumer(broker_url).declare()
    yield source, alpha
    for service in (source, alpha):
        service.db.dispose()
    delete_queues(broker_url, "alpha")


def test_a_committed_row_wakes_the_idle_relay(pair, broker_url):
    source, alpha = pair
    relay = source.relay(broker_url)
    relay.poll_seconds = 60
    with running(relay, alpha.consumer(broker_url)):
        time.sleep(1.5)  # the relay has found nothing and sleeps on its listener
        started = time.monotonic()
        [event_id] = source.emit(payload(ticket="TV-wake"))
        wait_for(lambda: alpha.effect_count(event_id) == 1, timeout=10, interval=0.01, what="the woken relay's publish")
        assert time.monotonic() - started < 5


def test_only_a_commit_wakes_the_listener(pair):
    source, _ = pair
    listener = OutboxListener(source.db)
    assert listener.wait(0.05) is False  # listening now: nothing committed yet
    with pytest.raises(RuntimeError), source.db.transaction() as session:
        source.outbox.add(session, new_envelope(payload(ticket="TV-doomed"), district="testville", producer="source"))
        raise RuntimeError("rolled back")
    assert listener.wait(0.3) is False
    woke: list[bool] = []
    waiter = threading.Thread(target=lambda: woke.append(listener.wait(10)))
    waiter.start()
    time.sleep(0.2)
    source.emit(payload(ticket="TV-commit"))
    waiter.join(timeout=5)
    assert woke == [True]
    listener.close()


def test_a_listener_the_server_disconnected_listens_again(pair):
    source, _ = pair
    listener = OutboxListener(source.db)
    assert listener.wait(0.05) is False
    backend = listener._connection.info.backend_pid
    with psycopg.connect(source.db.url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (backend,))
    assert listener.wait(0.5) is False  # the ended connection is dropped
    assert listener.wait(0.05) is False  # and a new one listens
    assert listener._connection.info.backend_pid != backend
    source.emit(payload(ticket="TV-again"))
    assert listener.wait(5) is True
    listener.close()


def test_an_idle_relay_claims_nothing_between_notifications(pair, broker_url):
    source, alpha = pair
    relay = source.relay(broker_url)
    relay.poll_seconds = 60
    claims: list[int] = []
    claim = relay._claim
    relay._claim = lambda session: claims.append(1) or claim(session)
    with running(relay):
        time.sleep(1.0)  # the first claim, and one more once listening
        before = len(claims)
        time.sleep(2.0)
        assert len(claims) == before <= 2


def test_a_row_committed_before_the_listen_began_is_published(pair, broker_url):
    source, alpha = pair
    relay = source.relay(broker_url)
    relay.poll_seconds = 60
    relay.run_once()  # the claim before any LISTEN: nothing yet
    [event_id] = source.emit(payload(ticket="TV-gap"))  # its notification reaches no listener
    with running(relay, alpha.consumer(broker_url)):
        wait_for(lambda: alpha.effect_count(event_id) == 1, timeout=5, interval=0.05, what="the row of the gap")


def test_a_row_the_relay_failed_is_tried_again_when_due_without_a_notification(pair, broker_url):
    source, alpha = pair
    relay = source.relay(broker_url)
    relay.poll_seconds = 60
    [event_id] = source.emit(payload(NEXT_EVENT, ticket="TV-later"))  # nobody binds it yet: unroutable
    with running(relay):
        wait_for(lambda: relay._retries, timeout=5, interval=0.02, what="the failed attempt")
        alpha.consumer(broker_url, (NEXT_EVENT,)).declare()  # now it has a route, and no notification came
        wait_for(lambda: relay.published_total == 1, timeout=5, interval=0.05, what="the retry at its due time")


def test_a_relay_woken_by_each_commit_gathers_a_batch_per_idle_seconds(pair, broker_url):
    """Rows committed one by one, each with its notification: after a quiet spell the first goes at once,
    then the relay claims at most once per ``idle_seconds``, so the rest go in a few batches, not one each."""
    source, _ = pair
    relay = source.relay(broker_url)
    relay.poll_seconds, relay.idle_seconds = 60, 0.5
    outbox = source.tables.outbox
    with running(relay):
        time.sleep(1.5)  # idle: the last claim was long ago
        for n in range(20):
            source.emit(payload(ticket=f"TV-trickle-{n}"))
            time.sleep(0.05)
        wait_for(lambda: relay.published_total == 20, timeout=15, interval=0.05, what="twenty rows published")
    with source.db.engine.connect() as connection:
        rows = connection.execute(select(outbox.c.created_at, outbox.c.published_at).order_by(outbox.c.id)).all()
    assert (rows[0].published_at - rows[0].created_at).total_seconds() < 0.4  # the first woke the relay at once
    assert len({row.published_at for row in rows}) <= 5  # ~1 s of rows in batches of 0.5 s, not 20 batches
