"""A relay's PostgreSQL (a private cluster) restarted under it: the rows written before the restart and
those written after it all reach the consumer once; the relay's pooled connections and its LISTEN
connection, ended by the restart, are replaced without restarting the process."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from support.workers import running, wait_for

from .harness import delete_queues, make_service, payload

BEFORE, AFTER = 40, 40


@pytest.mark.slow
def test_a_relay_publishes_across_a_restart_of_its_database(broker_url, postgres, private_postgres):
    source = make_service("source", private_postgres.create_database("restart_source"))
    beta = make_service("beta", postgres.create("restart_beta"))
    consumer = beta.consumer(broker_url)
    consumer.declare()
    relay = source.relay(broker_url)
    try:
        with running(consumer, relay):
            source.emit(*[payload(ticket=f"TV-B{n}") for n in range(BEFORE)])
            wait_for(lambda: beta.effect_count() >= BEFORE, what="the events written before the restart")
            private_postgres.stop()
            private_postgres.start()
            source.emit(*[payload(ticket=f"TV-A{n}") for n in range(AFTER)])
            wait_for(lambda: beta.effect_count() >= BEFORE + AFTER, timeout=60, what="those written after it")
        with beta.db.engine.connect() as connection:
            effects, distinct = connection.execute(
                select(func.count(), func.count(beta.effects.c.event_id.distinct()))
            ).one()
        with source.db.engine.connect() as connection:
            unsent = connection.execute(
                select(func.count()).where(source.tables.outbox.c.published_at.is_(None))
            ).scalar_one()
        assert (effects, distinct, unsent) == (BEFORE + AFTER, BEFORE + AFTER, 0)
        assert consumer.counts["parked"] == 0
    finally:
        source.db.dispose()
        beta.db.dispose()
        delete_queues(broker_url, "beta")
