"""The hot queries of a submission and of intake's relay, EXPLAINed on PostgreSQL with enough rows
that the planner chooses as it would in production: no sequential scan, and no sort over the open
cases at a place (the duplicate candidates, which the me-too list reads too, read the newest 100 in
index order and stop), so their cost does not grow with the cases stored (issue 20)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, event

from minqing_intake.adapters.tables import bus
from minqing_intake.definition import DEFINITION
from minqing_intake.open_candidates import CANDIDATES_AT_PLACE
from minqing_kit.db import Database
from minqing_kit.relay import OutboxRelay
from support.plans import plan_nodes, shape

CASES = 60_000
PLACES = 12


def explain(connection, statement, params: dict) -> list[dict]:
    """The plan PostgreSQL chooses for ``statement`` as SQLAlchemy sends it (its bound values included)."""

    def prefixed(_conn, _cursor, sql, parameters, _context, _many):
        return "EXPLAIN (FORMAT JSON) " + sql, parameters

    event.listen(connection, "before_cursor_execute", prefixed, retval=True)
    try:
        plan = connection.execute(statement, params).scalar_one()
    finally:
        event.remove(connection, "before_cursor_execute", prefixed)
    return list(plan_nodes((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]))


def load(connection) -> None:
    """CASES cases at PLACES places of one district over a year, half open; 20,000 published outbox rows."""
    connection.exec_driver_sql(
        "INSERT INTO cases (id, district, ticket, channel, content, category, status, received_at, updated_at,"
        " place_key, words)"
        " SELECT 'c' || g, 'xinlin', 'T' || g, 'web', '楼道灯坏了', 'other',"
        " CASE WHEN g %% 2 = 0 THEN 'dispatched' ELSE 'closed' END,"
        " now() - make_interval(mins => g * 9), now(), 'place-' || (g %% %(places)s), '楼道 灯'"
        " FROM generate_series(1, %(cases)s) AS g",
        {"cases": CASES, "places": PLACES},
    )
    connection.exec_driver_sql(
        "INSERT INTO outbox (event_id, event_type, routing_key, body, created_at, published_at, attempts,"
        " next_attempt_at) SELECT 'e' || g, 'case.received.v1', 'k', '{}', now(), now(), 1, now()"
        " FROM generate_series(1, 20000) AS g"
    )
    connection.exec_driver_sql("ANALYZE cases")
    connection.exec_driver_sql("ANALYZE outbox")


def test_the_hot_queries_read_indexes_in_order(make_database):
    url = make_database(DEFINITION)
    engine = create_engine(url)
    with engine.begin() as connection:
        load(connection)
        since = datetime.now(UTC) - timedelta(days=30)
        candidates = explain(
            connection, CANDIDATES_AT_PLACE, {"district": "xinlin", "place_key": "place-5", "since": since}
        )
        relay = OutboxRelay(Database(url), bus.outbox, publisher=None)  # type: ignore[arg-type]
        claim = explain(connection, relay.claim_query().with_for_update(skip_locked=True), {"now": datetime.now(UTC)})
    engine.dispose()
    assert not [n for n in candidates if n["Node Type"] in ("Seq Scan", "Sort", "Incremental Sort")], shape(candidates)
    assert any(n.get("Index Name") == "ix_cases_open_place_received" for n in candidates), shape(candidates)
    assert not [n for n in claim if n["Node Type"] == "Seq Scan"], shape(claim)
