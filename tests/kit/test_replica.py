"""minqing_kit.replica without a standby: a READ_DATABASE_URL that names a primary has nothing to wait
for (lag 0, the reads stay there), and one that does not answer sends the reads to the primary, in
read-only sessions, with no lag figure. The standby itself: tests/evaluation/test_read_replica.py."""

from __future__ import annotations

import pytest
from private_rabbitmq import free_port
from sqlalchemy import exc, text

from minqing_kit.db import Database
from minqing_kit.replica import ReplicaDatabase


@pytest.fixture
def primary_url(postgres):
    return postgres.create("kit_replica")


def test_a_server_that_is_not_in_recovery_has_no_lag(primary_url):
    reads = ReplicaDatabase(primary_url, primary_url, max_lag_seconds=1, check_seconds=60)
    try:
        assert reads.on_primary() is False and reads.lag_seconds == 0
        assert reads.engine is reads.replica_engine
        assert reads.readiness() == {"ok": True, "lag_seconds": 0.0, "max_lag_seconds": 1, "reads": "replica"}
    finally:
        reads.dispose()


def test_a_replica_that_does_not_answer_sends_the_reads_to_the_primary_read_only(primary_url):
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere"
    reads = ReplicaDatabase(nowhere, primary_url, max_lag_seconds=30, check_seconds=5)
    try:
        assert reads.on_primary() is True and reads.lag_seconds is None
        assert reads.engine is reads.fallback.engine and reads.readiness()["reads"] == "primary"
        with reads.engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1  # the primary answers the reads
        with pytest.raises(exc.DBAPIError, match="read-only"), reads.transaction() as session:
            session.execute(text("CREATE TABLE written (id int)"))
        assert isinstance(reads.fallback, Database) and reads.fallback.url == primary_url
    finally:
        reads.dispose()
