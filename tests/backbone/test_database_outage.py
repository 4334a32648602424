"""A consumer's PostgreSQL (a private cluster) stopped for 8 s in the middle of a backlog of 600
events, longer than the few milliseconds in which requeueing used to spend every delivery attempt:
every event is handled exactly once, nothing is parked, and the outage showed in the gauge."""

from __future__ import annotations

import time

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from minqing_kit.parked import ParkingLot
from support.workers import running, wait_for

from .harness import delete_queues, make_service, payload

TOTAL = 600
OUTAGE_SECONDS = 8


def waiting_gauge() -> float | None:
    return REGISTRY.get_sample_value("minqing_consumer_waiting_for_database", {"service": "alpha"})


@pytest.mark.slow
def test_a_database_outage_under_a_backlog_parks_nothing(broker_url, postgres, private_postgres):
    source = make_service("source", postgres.create("outage_source"))
    alpha = make_service("alpha", private_postgres.create_database("alpha"), work_seconds=0.005)
    consumer = alpha.consumer(broker_url, max_deliveries=3)
    consumer.declare()
    source.emit(*[payload(ticket=f"TV-{n}") for n in range(TOTAL)])
    relay = source.relay(broker_url)
    while relay.run_once():
        pass  # the whole backlog waits in alpha's queue
    try:
        with running(consumer):
            wait_for(lambda: alpha.effect_count() >= 100, what="100 events handled before the outage")
            private_postgres.stop()
            time.sleep(OUTAGE_SECONDS)
            gauge_during = waiting_gauge()
            private_postgres.start()
            wait_for(
                lambda: alpha.effect_count() >= TOTAL or consumer.counts["parked"],
                timeout=120,
                what=f"all {TOTAL} events handled after the outage",
            )
        with alpha.db.engine.connect() as connection:
            effects, distinct = connection.execute(
                select(func.count(), func.count(alpha.effects.c.event_id.distinct()))
            ).one()
            inbox = connection.execute(select(func.count()).select_from(alpha.tables.inbox)).scalar_one()
            parked_rows = connection.execute(select(func.count()).where(alpha.tables.failures.c.parked == 1)).scalar()
        assert (consumer.counts["parked"], consumer.counts["failed"]) == (0, 0)
        assert ParkingLot(broker_url, "alpha").list() == []
        assert (effects, distinct, inbox, parked_rows) == (TOTAL, TOTAL, TOTAL, 0)
        assert (gauge_during, waiting_gauge()) == (1.0, 0.0)
    finally:
        alpha.db.dispose()
        source.db.dispose()
        delete_queues(broker_url, "alpha")
