"""Reports and dashboards read from a real streaming replica (READ_DATABASE_URL): a private primary and
a standby made with ``pg_basebackup -R``, written through the handlers on the primary and read through
the API and the dashboard page on the standby. What was just written may not be there yet: replay is
paused to make that moment certain, then resumed and awaited. While the primary restarts the replica
keeps answering, and after it the handlers write again on their fresh connections."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from backbone.private_postgres import replay, replicated
from sqlalchemy import exc, text

from minqing_evaluation.definition import DEFINITION
from minqing_evaluation.scheduler import Scheduler
from minqing_kit.db import Database
from minqing_kit.replica import ReplicaDatabase, read_database
from support.workers import wait_for

from .conftest import T0, event, unit


def a_case(case_id: str) -> list:
    at = lambda hours: T0 + timedelta(hours=hours)  # noqa: E731
    ticket = {"ticket": f"TV-{case_id}"}
    return [
        event("case.received.v1", case_id, at(0), **ticket),
        event("case.dispatched.v1", case_id, at(1), **ticket, **unit("tv-c1")),
        event("case.accepted.v1", case_id, at(2), **ticket, within_response_deadline=True, **unit("tv-c1")),
        event("case.resolved.v1", case_id, at(3), **ticket, on_time=True, **unit("tv-c1")),
    ]


@pytest.fixture
def primary_and_replica():
    """(primary server, the evaluation database's URL on it, the standby)."""
    with replicated("evaluation", DEFINITION.migrations) as servers:
        yield servers


def received_on_dashboard(service) -> int:
    page = service.client.get("/dashboard/testville?month=2026-11")
    assert page.status_code == 200
    return int(re.search(r'id="received">(\d+)<', page.get_data(as_text=True)).group(1))


def dispatched_in_rates(service) -> int:
    body = service.client.get("/api/v1/districts/testville/rates?month=2026-11&unit=tv-c1").get_json()
    return body["units"][0]["counts"].get("dispatched", 0) if body["units"] else 0


@pytest.mark.slow
def test_reports_and_the_dashboard_read_the_replica(make_service, primary_and_replica):
    primary, url, replica = primary_and_replica
    service = make_service(DATABASE_URL=url, READ_DATABASE_URL=replica.url("evaluation"))
    runtime = service.runtime
    try:
        assert runtime.read_db is not runtime.db and runtime.read_db.read_only
        assert Scheduler(runtime).runtime.read_db is runtime.db  # what it stores is built on the primary

        service.feed(*a_case("a"))
        wait_for(lambda: received_on_dashboard(service) == 1, what="case a on the replica's dashboard")
        assert dispatched_in_rates(service) == 1

        replay(replica, "pause")  # the replica falls behind, as it may under load
        service.feed(*a_case("b"))
        assert (received_on_dashboard(service), dispatched_in_rates(service)) == (1, 1)  # stale, not wrong
        replay(replica, "resume")
        wait_for(lambda: dispatched_in_rates(service) == 2, what="case b replayed on the replica")
        assert received_on_dashboard(service) == 2

        with pytest.raises(exc.DBAPIError, match="read-only"), runtime.read_db.transaction() as session:
            session.execute(text("DELETE FROM unit_day_counts"))

        primary.stop()
        assert (received_on_dashboard(service), dispatched_in_rates(service)) == (2, 2)  # reads go on
        assert service.client.get("/readyz").get_json()["checks"]["database"]["ok"] is False  # the primary's
        primary.start()
        assert service.client.get("/readyz").get_json()["checks"]["database"] == {"ok": True}
        service.feed(*a_case("c"))  # the pooled connections the restart ended are replaced at checkout
        wait_for(lambda: received_on_dashboard(service) == 3, timeout=30, what="the replica reconnected")
    finally:
        runtime.read_db.dispose()


def read_replica(service) -> dict:
    return service.client.get("/readyz").get_json()["checks"]["read_replica"]


def gauge(service, name: str) -> float | None:
    found = re.search(
        rf'^{name}{{service="evaluation"}} (\S+)$', service.client.get("/metrics").get_data(as_text=True), re.M
    )
    return float(found.group(1)) if found else None


@pytest.mark.slow
def test_a_replica_beyond_its_lag_threshold_sends_the_reads_to_the_primary(make_service, primary_and_replica):
    primary, url, replica = primary_and_replica
    service = make_service(
        DATABASE_URL=url,
        READ_DATABASE_URL=replica.url("evaluation"),
        READ_MAX_LAG_SECONDS=1,
        READ_LAG_CHECK_SECONDS=0.1,
    )
    runtime = service.runtime
    try:
        service.feed(*a_case("a"))
        # a fresh standby that has replayed no transaction yet counts as infinitely behind, so the first
        # reads may go to the primary: wait until a check finds it current and it shows case a
        wait_for(
            lambda: read_replica(service)["reads"] == "replica" and received_on_dashboard(service) == 1,
            timeout=15,
            what="case a on the replica's dashboard",
        )
        assert read_replica(service)["lag_seconds"] < 1
        assert gauge(service, "minqing_replica_reads_on_primary") == 0
        assert gauge(service, "minqing_replica_lag_seconds") < 1

        replay(replica, "pause")  # what it received waits, and the age of what it last replayed grows
        service.feed(*a_case("b"))
        wait_for(lambda: read_replica(service)["reads"] == "primary", timeout=15, what="the lag past 1 s")
        assert read_replica(service)["lag_seconds"] > 1 and gauge(service, "minqing_replica_lag_seconds") > 1
        assert gauge(service, "minqing_replica_reads_on_primary") == 1
        assert (received_on_dashboard(service), dispatched_in_rates(service)) == (2, 2)  # the primary's figures
        with pytest.raises(exc.DBAPIError, match="read-only"), runtime.read_db.transaction() as session:
            session.execute(text("DELETE FROM unit_day_counts"))  # on the primary too, a read-only session

        replay(replica, "resume")
        wait_for(lambda: read_replica(service)["reads"] == "replica", timeout=15, what="the replica caught up")
        assert gauge(service, "minqing_replica_reads_on_primary") == 0
        assert received_on_dashboard(service) == 2

        replica.stop()  # a replica that does not answer: its reads go to the primary, no 503
        wait_for(lambda: read_replica(service)["reads"] == "primary", timeout=15, what="the replica found down")
        assert read_replica(service)["lag_seconds"] is None and gauge(service, "minqing_replica_lag_seconds") is None
        service.feed(*a_case("c"))
        assert received_on_dashboard(service) == 3
        assert service.client.get("/readyz").status_code == 200
    finally:
        runtime.read_db.dispose()


def test_without_a_read_url_reports_read_the_primary():
    settings = lambda **env: DEFINITION.settings({"MINQING_ENV": "development", "DATABASE_URL": "sqlite://", **env})  # noqa: E731
    primary = Database("sqlite://")
    assert read_database(settings(), primary) is primary
    url = "postgresql+psycopg://reader@replica:5432/evaluation"
    replica = read_database(settings(READ_DATABASE_URL=url, READ_MAX_LAG_SECONDS="7"), primary)
    assert isinstance(replica, ReplicaDatabase) and replica.read_only and replica.url == url
    assert replica.fallback.url == primary.url and replica.fallback.read_only and replica.max_lag_seconds == 7
