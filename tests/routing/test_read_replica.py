"""Routing's stale-tolerant reads on a real streaming replica (READ_DATABASE_URL; the primary and standby
of tests/backbone/private_postgres.py, as evaluation's replica test): the export and the dispatch model's
rates read the replica, the queue a handler works from reads the primary. Replay is paused to make the
replica's lag certain: a case dispatched meanwhile is in the queue at once and in the export only once
the replica has replayed it."""

from __future__ import annotations

import pytest
from backbone.private_postgres import replay, replicated

from minqing_kit.replica import ReplicaDatabase
from minqing_routing.definition import DEFINITION
from support.workers import wait_for

from .harness import ENV, received
from .test_workbench_pages import Workbench


@pytest.fixture
def servers():
    with replicated("routing", DEFINITION.migrations) as found:
        yield found


@pytest.fixture
def routing_settings(make_settings, servers):
    _, url, standby = servers
    return make_settings(DEFINITION, **ENV, DATABASE_URL=url, READ_DATABASE_URL=standby.url("routing"))


def exported(handler: Workbench) -> str:
    return handler.client.get("/workbench/export?view=open&format=csv").get_data(as_text=True)


def dispatched(routing, ticket: str) -> None:
    case = received(ticket, grid="HT-C1-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")


@pytest.mark.slow
def test_the_export_reads_the_replica_and_the_queue_the_primary(routing, servers):
    _, _, standby = servers
    assert isinstance(routing.runtime.read_db, ReplicaDatabase)
    handler = Workbench(routing.api.client.application, "ht-c1-h1")  # its sign-in writes on the primary
    try:
        dispatched(routing, "HT-RR-1")
        wait_for(lambda: "HT-RR-1" in exported(handler), what="HT-RR-1 in the export, from the replica")

        replay(standby, "pause")
        try:
            dispatched(routing, "HT-RR-2")
            assert "HT-RR-2" in handler.client.get("/workbench").get_data(as_text=True)  # the primary's queue
            assert "HT-RR-1" in exported(handler) and "HT-RR-2" not in exported(handler)  # behind, not wrong
            model = routing.api.client.get("/api/v1/districts/hilltown/dispatch-model")
            assert model.status_code == 200 and model.get_json()["model"] is None  # read there too
        finally:
            replay(standby, "resume")
        wait_for(lambda: "HT-RR-2" in exported(handler), what="HT-RR-2 replayed on the replica")
    finally:
        routing.runtime.read_db.dispose()
