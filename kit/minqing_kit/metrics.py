"""Prometheus metrics, counted where things happen: requests in the web process, events published in
the relay, events settled in the consumer, a service's own counters and histograms where its code acts.
A worker process (consumer, relay, scheduler) serves its own on ``METRICS_PORT`` (``serve_worker_metrics``);
the web process's /metrics sums its gunicorn workers (PROMETHEUS_MULTIPROC_DIR) and adds what only the
database and the broker know now: the unsent outbox rows (the partial index ``ix_outbox_unsent`` holds
only those, so the count does not grow with the events ever sent) and the parked messages (the broker
probe, cached), and how far the read replica is behind. No count of every row ever written is taken per
scrape."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from .bus_tables import BusTables
from .db import Database
from .publisher import UNROUTABLE
from .replica import ReplicaDatabase

log = logging.getLogger(__name__)

REQUESTS = Counter("minqing_http_requests_total", "HTTP requests", ["service", "endpoint", "method", "status"])
LATENCY = Histogram(
    "minqing_http_request_seconds",
    "HTTP request latency",
    ["service", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
EVENTS_PUBLISHED = Counter("minqing_events_published_total", "events the broker confirmed (relay)", ["service"])
EVENTS_SETTLED = Counter(
    "minqing_events_settled_total",
    "events a consumer settled, by outcome: handled, duplicate, ignored, failed (an attempt), delayed, parked",
    ["service", "outcome"],
)
DATABASE_WAIT = Gauge(
    "minqing_consumer_waiting_for_database",
    "1 while a consumer holds its messages unacked until the database answers again",
    ["service"],
    multiprocess_mode="livemax",
)


class BusCollector(Collector):
    """Outbox backlog, its retries and unroutable rows (unsent rows only), parked messages."""

    def __init__(self, service: str, db: Database, tables: BusTables, parked_depth: Callable[[], int | None]):
        self.service, self.db, self.tables, self.parked_depth = service, db, tables, parked_depth

    def collect(self) -> Iterator[Metric]:
        labels = [self.service]

        def figure(name: str, doc: str, value: float) -> GaugeMetricFamily:
            family = GaugeMetricFamily(name, doc, labels=["service"])
            family.add_metric(labels, value)
            return family

        outbox = self.tables.outbox
        try:
            with self.db.engine.connect() as c:
                unsent = c.execute(select(func.count()).where(outbox.c.published_at.is_(None))).scalar_one()
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
        yield figure("minqing_outbox_backlog", "outbox rows not yet published", unsent)
        yield figure("minqing_outbox_publish_retries", "unsent outbox rows that failed at least once", stuck)
        nobody = GaugeMetricFamily(
            "minqing_outbox_unroutable",
            "unsent outbox rows the broker last returned as "
            "unroutable (no queue bound: nobody subscribes), by event type",
            labels=["service", "event_type"],
        )
        for event_type, count in unroutable:
            nobody.add_metric([self.service, event_type], count)
        yield nobody
        depth = self.parked_depth()
        if depth is not None:
            yield figure("minqing_parked_messages", "messages in the service's parking-lot queue", depth)


class ReplicaCollector(Collector):
    """``minqing_replica_lag_seconds`` (absent while the replica does not answer) and
    ``minqing_replica_reads_on_primary`` (1 while the stale-tolerant reads go to the primary)."""

    def __init__(self, service: str, replica: ReplicaDatabase):
        self.service, self.replica = service, replica

    def collect(self) -> Iterator[Metric]:
        on_primary = self.replica.on_primary()
        if self.replica.lag_seconds is not None:
            lag = GaugeMetricFamily(
                "minqing_replica_lag_seconds",
                "how far READ_DATABASE_URL's replica is behind: 0 when it replayed all the WAL it received, "
                "else the age of the last transaction it replayed",
                labels=["service"],
            )
            lag.add_metric([self.service], self.replica.lag_seconds)
            yield lag
        primary = GaugeMetricFamily(
            "minqing_replica_reads_on_primary",
            "1 while the replica is beyond READ_MAX_LAG_SECONDS or unreachable and its reads go to the primary",
            labels=["service"],
        )
        primary.add_metric([self.service], 1 if on_primary else 0)
        yield primary


SERVICE_METRICS: list[Collector] = []


def counter(name: str, documentation: str, labels: list[str]) -> Counter:
    """A counter of a service's own (sign-in failures ...), shown on its /metrics; summed over the
    web workers under PROMETHEUS_MULTIPROC_DIR like the request counters."""
    made = Counter(name, documentation, labels)
    SERVICE_METRICS.append(made)
    return made


def histogram(name: str, documentation: str, labels: list[str], buckets: tuple[float, ...]) -> Histogram:
    """A histogram of a service's own (a case's time to acceptance ...), observed where it happens."""
    made = Histogram(name, documentation, labels, buckets=buckets)
    SERVICE_METRICS.append(made)
    return made


def gauge(name: str, documentation: str, labels: list[str]) -> Gauge:
    """A gauge one worker process sets (the scheduler's case figures) and serves on its METRICS_PORT;
    across web workers the largest value is shown (prometheus_client's ``max`` mode)."""
    made = Gauge(name, documentation, labels, multiprocess_mode="max")
    SERVICE_METRICS.append(made)
    return made


def serve_worker_metrics(port: int) -> None:
    """A worker process's own /metrics (what it counted since it started) on ``port``; 0: none. Started
    by the command line before the worker runs, never at import."""
    if port:
        start_http_server(port, addr="0.0.0.0")  # a daemon thread; the pod's port, as the web's 8000
        log.info("metrics on port %d", port)


def render(extra_collectors: list[Collector], multiprocess_dir: str = "") -> bytes:
    """``multiprocess_dir``: the settings' PROMETHEUS_MULTIPROC_DIR (prometheus_client's own variable,
    which it reads too): the web workers' figures are summed from the files there."""
    registry = CollectorRegistry()
    if multiprocess_dir:
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, DATABASE_WAIT, *SERVICE_METRICS):
            registry.register(collector)
    for extra in extra_collectors:
        registry.register(extra)
    return generate_latest(registry)
