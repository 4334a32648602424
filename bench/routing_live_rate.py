"""The history model's live rate (issue 17 loose end 1): ``history_report.live``, what 督办视图 and
``GET /api/v1/districts/{d}/dispatch-model`` run on each view, over ``--suggestions`` recorded
suggestions in three districts (a tenth of them used: dispatched by the model), each case with its
dispatch step and every seventh also returned. Prints the counts and p50/max over ``--runs`` calls.

    .venv/bin/python bench/routing_live_rate.py [--suggestions 200000] [--runs 15]

Needs PostgreSQL on 127.0.0.1:5432 (a throwaway database). No broker.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_kit.db import Database  # noqa: E402
from minqing_routing import history_report  # noqa: E402

DISTRICT = "CASE WHEN g % 3 = 0 THEN 'other' ELSE 'hilltown' END"
SEED = (
    f"""INSERT INTO cases (id, district, ticket, category, urgent, content, located_by, state, unit_id, level,
        stage, return_count, returned_by, reopen_count, joint, correlation_id, received_at, updated_at)
    SELECT 'c' || g, {DISTRICT}, 'T' || g, 'municipal', false, 'x', 'grid_code', 'accepted', 'ht-cgj',
        'department', 1, 0, '', 0, false, 'k' || g, now(), now() FROM generate_series(1, :n) g""",
    f"""INSERT INTO dispatch_suggestions (case_id, district, model_version, unit_id, confidence, rules_unit_id,
        used, at)
    SELECT 'c' || g, {DISTRICT}, 1, 'ht-cgj', 0.9, 'ht-c1', g % 10 = 0, now() FROM generate_series(1, :n) g""",
    """INSERT INTO case_history (case_id, at, actor_kind, action, from_state, to_state, unit_id, reason)
    SELECT 'c' || g, now(), 'system', 'dispatch', 'new', 'dispatched', 'ht-cgj', '' FROM generate_series(1, :n) g""",
    """INSERT INTO case_history (case_id, at, actor_kind, action, from_state, to_state, unit_id, reason)
    SELECT 'c' || g, now(), 'person', 'return', 'dispatched', 'dispatched', 'ht-cgj', ''
    FROM generate_series(1, :n, 7) g""",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suggestions", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    url = fresh_database("bench_live", str(ROOT / "services" / "routing" / "minqing_routing" / "migrations"))
    db = Database(url)
    try:
        with db.engine.begin() as connection:
            for statement in SEED:
                connection.execute(text(statement), {"n": args.suggestions})
            connection.execute(text("ANALYZE"))
        took = []
        for _ in range(args.runs):
            with db.transaction() as session:
                start = time.perf_counter()
                live = history_report.live(session, "hilltown")
                took.append((time.perf_counter() - start) * 1000)
        print(
            f"{args.suggestions} suggestions: hilltown {live['dispatched']} dispatched by the model, "
            f"{live['stayed']} stayed ({live['live_rate']}); p50 {statistics.median(took):.1f} ms, "
            f"max {max(took):.1f} ms over {args.runs} calls"
        )
    finally:
        db.dispose()
        drop(url)


if __name__ == "__main__":
    main()
