"""Intake's stale-tolerant read on a real streaming replica (READ_DATABASE_URL; the primary and standby of
tests/backbone/private_postgres.py, as evaluation's replica test): Open311's public list reads the replica,
while what follows a submission (the tracking view, Open311's request by id) reads the primary. Replay is
paused to make the replica's lag certain."""

from __future__ import annotations

import pytest
from backbone.private_postgres import replay, replicated

from minqing_intake.definition import DEFINITION
from support.workers import wait_for

from .helpers import request_body


@pytest.fixture
def servers():
    with replicated("intake", DEFINITION.migrations) as found:
        yield found


@pytest.fixture
def settings(settings, servers):
    """conftest's settings, on the private primary and its standby."""
    _, url, standby = servers
    return settings.model_copy(update={"DATABASE_URL": url, "READ_DATABASE_URL": standby.url("intake")})


def listed(client) -> list[str]:
    return [r["service_request_id"] for r in client.get("/open311/v2/requests.json?jurisdiction_id=xinlin").get_json()]


def filed(client) -> str:
    response = client.post("/api/v1/cases", json=request_body(public=True))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["ticket"]


@pytest.mark.slow
def test_the_open311_list_reads_the_replica_and_a_new_request_is_tracked_on_the_primary(client, runtime, servers):
    _, _, standby = servers
    try:
        first = filed(client)
        wait_for(lambda: listed(client) == [first], what="the first request listed from the replica")

        replay(standby, "pause")
        try:
            second = filed(client)
            assert client.get(f"/api/v1/cases/{second}").status_code == 200  # tracked at once: the primary
            [by_id] = client.get(f"/open311/v2/requests/{second}.json?jurisdiction_id=xinlin").get_json()
            assert by_id["service_request_id"] == second
            assert listed(client) == [first]  # the public list is behind, not wrong
        finally:
            replay(standby, "resume")
        wait_for(lambda: sorted(listed(client)) == sorted([first, second]), what="the second replayed")
    finally:
        runtime.read_db.dispose()
