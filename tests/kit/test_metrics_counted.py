"""Metrics counted where things happen (issue 19 item 9): the relay counts what the broker confirmed, the
consumer what it settled; the web's bus figures read unsent rows only, never a count of all events."""

from __future__ import annotations

import socket
import urllib.request

from prometheus_client import REGISTRY
from sqlalchemy import MetaData, func, select

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CaseReceived
from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.metrics import EVENTS_SETTLED, BusCollector, render, serve_worker_metrics
from minqing_kit.outbox import Outbox
from minqing_kit.publisher import BatchResult
from minqing_kit.relay import OutboxRelay


class HalfConfirming:
    """A publisher whose broker confirms every message but the last of a batch."""

    def publish_batch(self, messages):
        *confirmed, last = [m.key for m in messages]
        return BatchResult(confirmed=confirmed, failed={last: "nack"})

    def close(self):
        pass


def bus_with(rows: int) -> tuple[Database, BusTables]:
    metadata = MetaData()
    tables = BusTables(metadata)
    db = Database("sqlite://")
    metadata.create_all(db.engine)
    payload = CaseReceived.model_validate(CaseReceived.EXAMPLE)
    with db.transaction() as session:
        Outbox(tables.outbox).add(
            session, *(new_envelope(payload, district="xinlin", producer="t") for _ in range(rows))
        )
    return db, tables


def published(service: str) -> float:
    return REGISTRY.get_sample_value("minqing_events_published_total", {"service": service}) or 0.0


def test_the_relay_counts_the_events_the_broker_confirmed():
    db, tables = bus_with(4)
    relay = OutboxRelay(db, tables.outbox, HalfConfirming(), batch_size=10, service="relay_counted")
    assert relay.run_once() == 4
    assert published("relay_counted") == 3
    with db.engine.connect() as connection:
        unsent = connection.execute(select(func.count()).where(tables.outbox.c.published_at.is_(None))).scalar_one()
    text = render([BusCollector("relay_counted", db, tables, lambda: 0)]).decode()
    assert f'minqing_outbox_backlog{{service="relay_counted"}} {float(unsent)}' in text
    assert 'minqing_outbox_publish_retries{service="relay_counted"} 1.0' in text
    assert 'minqing_parked_messages{service="relay_counted"} 0.0' in text
    assert "minqing_events_published" not in text and "minqing_events_consumed" not in text  # no count of all rows


def test_a_worker_serves_its_own_counters_on_its_metrics_port():
    EVENTS_SETTLED.labels("port_served", "handled").inc(2)
    serve_worker_metrics(0)  # none: nothing listens
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve_worker_metrics(port)
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    assert 'minqing_events_settled_total{outcome="handled",service="port_served"} 2.0' in text
