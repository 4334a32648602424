"""Prometheus metrics: requests from the web process, bus figures read from the service's database
and broker at scrape time (so the relay and consumer processes need no port of their own)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from .bus_tables import BusTables
from .db import Database
from .publisher import UNROUTABLE

log = logging.getLogger(__name__)

REQUESTS = Counter("minqing_http_requests_total", "HTTP requests", ["service", "endpoint", "method", "status"])
LATENCY = Histogram(
    "minqing_http_request_seconds",
    "HTTP request latency",
    ["service", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
DATABASE_WAIT = Gauge(
    "minqing_consumer_waiting_for_database",
    "1 while a consumer holds its messages unacked until the database answers again",
    ["service"],
    multiprocess_mode="livemax",
)


class BusCollector(Collector):
    """Outbox backlog, events published/consumed/failed, parked messages."""

    def __init__(self, service: str, db: Database, tables: BusTables, parked_depth: Callable[[], int | None]):
        self.service, self.db, self.tables, self.parked_depth = service, db, tables, parked_depth

    def collect(self) -> Iterator[Metric]:
        labels = [self.service]

        def gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
            family = GaugeMetricFamily(name, doc, labels=["service"])
            family.add_metric(labels, value)
            return family

        outbox, inbox, failures = self.tables.outbox, self.tables.inbox, self.tables.failures
        try:
            with self.db.engine.connect() as c:
                unsent = c.execute(select(func.count()).where(outbox.c.published_at.is_(None))).scalar_one()
                sent = c.execute(select(func.count()).where(outbox.c.published_at.is_not(None))).scalar_one()
                consumed = c.execute(select(func.count()).select_from(inbox)).scalar_one()
                failed = c.execute(select(func.count()).select_from(failures)).scalar_one()
                stuck = c.execute(
                    select(func.count()).where(outbox.c.published_at.is_(None), outbox.c.attempts > 0)
                ).scalar_one()
                unroutable = c.execute(
                    select(outbox.c.event_type, func.count())
                    .where(outbox.c.published_at.is_(None), outbox.c.last_error.startswith(UNROUTABLE))
                    .group_by(outbox.c.event_type)
                    .order_by(outbox.c.event_type)
                ).all()
        except Exception:
            log.warning("metrics: database unavailable", exc_info=True)
            return
        yield gauge("minqing_outbox_backlog", "outbox rows not yet published", unsent)
        yield gauge("minqing_outbox_publish_retries", "unsent outbox rows that failed at least once", stuck)
        nobody = GaugeMetricFamily(
            "minqing_outbox_unroutable",
            "unsent outbox rows the broker last returned as "
            "unroutable (no queue bound: nobody subscribes), by event type",
            labels=["service", "event_type"],
        )
        for event_type, count in unroutable:
            nobody.add_metric([self.service, event_type], count)
        yield nobody
        yield gauge("minqing_events_published", "events confirmed by the broker (outbox rows sent)", sent)
        yield gauge("minqing_events_consumed", "events handled by this service (inbox rows)", consumed)
        yield gauge("minqing_events_failed", "events whose handler failed at least once", failed)
        depth = self.parked_depth()
        if depth is not None:
            yield gauge("minqing_parked_messages", "messages in the service's parking-lot queue", depth)


SERVICE_COUNTERS: list[Counter] = []


def counter(name: str, documentation: str, labels: list[str]) -> Counter:
    """A counter of a service's own (sign-in failures ...), shown on its /metrics; summed over the
    web workers under PROMETHEUS_MULTIPROC_DIR like the request counters."""
    made = Counter(name, documentation, labels)
    SERVICE_COUNTERS.append(made)
    return made


def render(extra_collectors: list[Collector], multiprocess_dir: str = "") -> bytes:
    """``multiprocess_dir``: the settings' PROMETHEUS_MULTIPROC_DIR (prometheus_client's own variable,
    which it reads too): the web workers' figures are summed from the files there."""
    registry = CollectorRegistry()
    if multiprocess_dir:
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, DATABASE_WAIT):
            registry.register(collector)
        for collector in SERVICE_COUNTERS:
            registry.register(collector)
    for extra in extra_collectors:
        registry.register(extra)
    return generate_latest(registry)
