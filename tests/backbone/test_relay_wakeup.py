"""An idle relay on PostgreSQL sleeps on LISTEN instead of polling: a committed outbox row wakes it at
once (its fallback poll is set to a minute here, so only the notification can explain the publish), a
rolled-back one sends no wake-up, and a listener whose connection the server ended listens again."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from minqing_contracts import new_envelope
from minqing_kit.outbox import OutboxListener
from support.workers import running, wait_for

from .harness import delete_queues, make_service, payload


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
