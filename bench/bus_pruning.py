"""Pruning the bus tables on PostgreSQL (minqing_kit.pruning): how long the batched deletes take.

    .venv/bin/python bench/bus_pruning.py [--rows 220000]

A fresh notify database (migrated: the pruning indexes are its migrations') gets ``--rows`` outbox rows
(5 % unsent and 5 % published now, the rest published 10 days ago, bodies of 800 B like a case's events)
and as many inbox rows (1 in 11 recent, the rest 30 days old); then one ``prune_bus_tables`` with the
default retention and 5,000 rows per statement. Prints rows pruned, seconds, statements and what is left.
"""

from __future__ import annotations

import argparse
import time

from scratch_db import drop, fresh_database
from sqlalchemy import text

from minqing_kit.db import Database
from minqing_kit.pruning import Retention, prune_bus_tables
from minqing_notify.definition import DEFINITION

FILL_OUTBOX = """
INSERT INTO outbox (event_id, event_type, routing_key, body, created_at, published_at, next_attempt_at)
SELECT 'e-' || g, 'case.dispatched.v1', 'xinlin.case.dispatched.v1', repeat('x', 800), now() - interval '10 days',
       CASE WHEN g % 20 = 0 THEN NULL WHEN g % 20 = 1 THEN now() ELSE now() - interval '10 days' END,
       now() - interval '10 days'
FROM generate_series(1, :rows) g"""
FILL_INBOX = """
INSERT INTO inbox (consumer, event_id, event_type, processed_at)
SELECT 'notify', 'e-' || g, 'case.received.v1', CASE WHEN g % 11 = 0 THEN now() ELSE now() - interval '30 days' END
FROM generate_series(1, :rows) g"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=220_000)
    args = parser.parse_args()
    url = fresh_database("bench_pruning", DEFINITION.migrations)
    db = Database(url)
    try:
        with db.engine.begin() as connection:
            connection.execute(text(FILL_OUTBOX), {"rows": args.rows})
            connection.execute(text(FILL_INBOX), {"rows": args.rows})
            connection.execute(text("ANALYZE outbox"))
            connection.execute(text("ANALYZE inbox"))
        retention = Retention()
        started = time.perf_counter()
        pruned = prune_bus_tables(db, DEFINITION.tables, retention, service="bench")
        took = time.perf_counter() - started
        with db.engine.connect() as connection:
            unsent, outbox = connection.execute(
                text("SELECT count(*) FILTER (WHERE published_at IS NULL), count(*) FROM outbox")
            ).one()
            inbox = connection.scalar(text("SELECT count(*) FROM inbox"))
        statements = sum(count // retention.batch_rows + 1 for count in (pruned.outbox, pruned.inbox))
        print(
            f"pruned {pruned.outbox} outbox and {pruned.inbox} inbox rows in {took:.2f} s "
            f"({statements} statements, {took / statements * 1000:.0f} ms each); "
            f"left: outbox {outbox} ({unsent} unsent), inbox {inbox}"
        )
    finally:
        db.dispose()
        drop(url)


if __name__ == "__main__":
    main()
