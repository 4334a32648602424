"""Notify's stale-tolerant read on a real streaming replica (READ_DATABASE_URL; the primary and standby of
tests/backbone/private_postgres.py, as evaluation's replica test): the delivery log reads the replica, the
in-app inbox (whose user marks messages read) the primary. Replay is paused to make the lag certain."""

from __future__ import annotations

import pytest
from backbone.private_postgres import replay, replicated

from minqing_notify.definition import DEFINITION
from support.workers import wait_for

from .conftest import sealed


@pytest.fixture
def servers():
    with replicated("notify", DEFINITION.migrations) as found:
        yield found


def logged(client, headers, ticket: str) -> int:
    return client.get(f"/api/v1/deliveries?ticket={ticket}", headers=headers).json["count"]


def in_inbox(client, headers) -> set[str]:
    return {m["ticket"] for m in client.get("/api/v1/inbox", headers=headers).json["messages"]}


def a_case(notify, case_id: str, ticket: str) -> None:
    notify.publish(
        notify.envelope("case.received.v1", case_id=case_id, ticket=ticket, contact_sealed=sealed(), step_updates=True),
        notify.envelope("case.dispatched.v1", case_id=case_id, ticket=ticket, unit_id="nv-c1"),
    )
    wait_for(lambda: notify.settled(8, case_id=case_id), what=f"eight deliveries of {ticket}")


@pytest.mark.slow
def test_the_delivery_log_reads_the_replica_and_the_inbox_the_primary(notify_factory, servers):
    _, url, standby = servers
    notify = notify_factory(DATABASE_URL=url, READ_DATABASE_URL=standby.url("notify"))
    client = notify.app()
    supervisor = notify.token("nv-d-h1", "notifyville", "dispatcher", "supervisor")
    handler = notify.token("nv-c1-h1", "nv-c1", "community_handler")
    try:
        with notify.workers():
            a_case(notify, "c-r1", "NV-R1")
            wait_for(lambda: logged(client, supervisor, "NV-R1") == 8, what="NV-R1's log on the replica")

            replay(standby, "pause")
            try:
                a_case(notify, "c-r2", "NV-R2")
                assert in_inbox(client, handler) == {"NV-R1", "NV-R2"}  # the primary's
                assert (logged(client, supervisor, "NV-R1"), logged(client, supervisor, "NV-R2")) == (8, 0)
            finally:
                replay(standby, "resume")
        wait_for(lambda: logged(client, supervisor, "NV-R2") == 8, what="NV-R2's log replayed")
    finally:
        notify.runtime.read_db.dispose()
