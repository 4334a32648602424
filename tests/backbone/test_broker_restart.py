"""A private broker stopped and restarted in the middle of a stream of 5,000 events loses none."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time

import pytest
from private_rabbitmq import PrivateRabbit
from sqlalchemy import func, select

from support.workers import running, wait_for

from .harness import make_service, payload

TOTAL = 5000


@pytest.fixture
def private_broker():
    if not PrivateRabbit.available():
        pytest.fail("rabbitmq-server is not installed: apt-get install -y rabbitmq-server")
    directory = tempfile.mkdtemp(prefix="minqing-rabbit-")  # outside pytest's 0700 tree: the broker may run as rabbitmq
    rabbit = PrivateRabbit(directory).start()
    yield rabbit
    rabbit.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.slow
def test_stream_survives_a_broker_restart(private_broker, postgres):
    url = private_broker.url
    source = make_service("source", postgres.create("restart_src"))
    alpha = make_service("alpha", postgres.create("restart_alpha"))
    consumer = alpha.consumer(url, max_deliveries=10)
    consumer.declare()  # queue and bindings exist before the first publish

    def produce():  # spread over ~10 s so that publishing goes on across the restart
        for start in range(0, TOTAL, 50):
            source.emit(*[payload(ticket=f"TV-{n}") for n in range(start, start + 50)])
            time.sleep(0.1)

    producer = threading.Thread(target=produce)
    with running(source.relay(url), alpha.consumer(url, max_deliveries=10)):
        producer.start()
        wait_for(lambda: alpha.effect_count() >= 1000, timeout=60, what="1,000 events before the restart")
        assert producer.is_alive(), "the stream must still be flowing when the broker stops"
        private_broker.stop()
        time.sleep(1)
        private_broker.start()
        producer.join()
        wait_for(lambda: alpha.effect_count() >= TOTAL, timeout=180, what=f"all {TOTAL} events after the restart")
    with alpha.db.engine.connect() as connection:
        total, distinct = connection.execute(
            select(func.count(), func.count(alpha.effects.c.event_id.distinct()))
        ).one()
    with source.db.engine.connect() as connection:
        unsent = connection.execute(select(func.count()).where(source.tables.outbox.c.published_at.is_(None))).scalar()
    assert (total, distinct, unsent) == (TOTAL, TOTAL, 0)
