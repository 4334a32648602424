"""/metrics with a million cases (issue 19 item 9): routing's web scrape on PostgreSQL with 1,000,000 cases,
1,000,000 sent outbox rows (and a backlog of unsent ones) and 1,000,000 inbox rows; prints the scrape's
p50/p99/max over ``--scrapes`` scrapes, the plan of the one query over the outbox a scrape makes, and
what the scheduler's once-a-minute case count (minqing_cases, minqing_cases_overdue) costs off the scrape.

    .venv/bin/python bench/metrics_scrape.py [--cases 1000000] [--unsent 1000] [--scrapes 200]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); the broker probe asks 127.0.0.1:5672 for the parked
depth (cached 5 s, so one scrape in five seconds pays that round trip: the max). Rows are written with
generate_series in SQL; the database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_kit.settings import load_settings  # noqa: E402
from minqing_routing.bootstrap import bootstrap  # noqa: E402
from minqing_routing.case_metrics import CaseFigures  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402
from minqing_routing.settings import RoutingSettings  # noqa: E402
from minqing_routing.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STATES = "(ARRAY['dispatched','accepted','resolved','closed','closed','closed','closed','merged'])"
CASES = f"""
INSERT INTO cases (id, district, ticket, category, urgent, content, grid_code, community_id, located_by, state,
    unit_id, level, stage, resolution_deadline, acceptance_deadline, return_count, returned_by, reopen_count,
    joint, correlation_id, received_at, updated_at)
SELECT 'c-' || n, CASE WHEN n % 2 = 0 THEN 'xinlin' ELSE 'luwan' END, 'T-' || n, 'environment', false, 'seeded',
    'G-' || (n % 500), 'u-' || (n % 50), 'grid_code', {STATES}[1 + n % 8], 'u-' || (n % 50), 'community', 1,
    now() + ((n % 20) - 5) * interval '1 day', now() + ((n % 7) - 2) * interval '1 hour', 0, '[]', 0, false,
    'c-' || n, now() - interval '30 days', now()
FROM generate_series(1, :count) AS n
"""
OUTBOX = """
INSERT INTO outbox (event_id, event_type, routing_key, body, created_at, next_attempt_at, attempts, published_at)
SELECT 'e-' || n, 'case.dispatched.v1', 'xinlin.case.dispatched.v1', '{}', now(), now(), 1,
    CASE WHEN n <= :unsent THEN NULL ELSE now() END
FROM generate_series(1, :count + :unsent) AS n
"""
INBOX = """
INSERT INTO inbox (consumer, event_id, event_type, processed_at)
SELECT 'routing', 'i-' || n, 'case.received.v1', now() FROM generate_series(1, :count) AS n
"""
BACKLOG = "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM outbox WHERE published_at IS NULL"


def seed(db, count: int, unsent: int) -> None:
    started = time.perf_counter()
    with db.engine.begin() as connection:
        for statement in (CASES, OUTBOX, INBOX):
            connection.execute(text(statement), {"count": count, "unsent": unsent})
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    print(
        f"seeded {count:,} cases, {count:,} sent + {unsent:,} unsent outbox rows, {count:,} inbox rows "
        f"in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--unsent", type=int, default=1000)
    parser.add_argument("--scrapes", type=int, default=200)
    args = parser.parse_args()
    url = fresh_database("bench_metrics", DEFINITION.migrations)
    try:
        settings = load_settings(
            RoutingSettings,
            {
                "DATABASE_URL": url,
                "DISTRICTS_DIR": str(ROOT / "config/districts"),
                "LOG_LEVEL": "WARNING",
                "MINQING_ENV": "development",
            },
        )
        runtime = bootstrap(settings)
        seed(runtime.db, args.cases, args.unsent)
        client = create_app(settings, runtime).test_client()
        assert client.get("/metrics").status_code == 200  # warm: the pool's connection, the broker probe
        times = []
        for _ in range(args.scrapes):
            started = time.perf_counter()
            body = client.get("/metrics").get_data(as_text=True)
            times.append((time.perf_counter() - started) * 1000)
        assert f'minqing_outbox_backlog{{service="routing"}} {float(args.unsent)}' in body
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(
            f"/metrics: p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms, max {times[-1]:.1f} ms "
            f"over {len(times)} scrapes ({len(body):,} bytes)"
        )
        with runtime.db.engine.connect() as connection:
            print("backlog query plan:")
            for (line,) in connection.execute(text(BACKLOG)):
                print("   ", line)
        figures = CaseFigures(runtime)
        started = time.perf_counter()
        figures.refresh(datetime.now(UTC))
        counted = (time.perf_counter() - started) * 1000
        print(f"the scheduler's case figures (once a minute, not per scrape): {counted:.0f} ms")
        runtime.db.dispose()
    finally:
        drop(url)


if __name__ == "__main__":
    main()
