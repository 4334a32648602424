"""Bounce accounting (推诿) over a month of kept facts: the time to account every unit of a district for
the rankings (``bounces.per_unit``, what the dashboard reads once) and the per-day report
(``GET /districts/{d}/bounces?period=day``), on a throwaway PostgreSQL database.

    .venv/bin/python bench/evaluation_bounces.py [--cases 30000]

Each case gets a dispatch and an acceptance with seconds_to_accept, every fifth a return, with routing's
full payloads; the tables are analysed after loading, as autovacuum would.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_evaluation import bounces  # noqa: E402
from minqing_evaluation.adapters.tables import cases, facts  # noqa: E402
from minqing_evaluation.bootstrap import bootstrap  # noqa: E402
from minqing_evaluation.definition import DEFINITION  # noqa: E402

UNITS = ("xl-xf", "xl-lh", "xl-xa", "xl-cgj", "xl-zjj")
PAYLOAD = {
    "ticket": "XL-20261102-000001",
    "unit_name": "单位",
    "level": "community",
    "category": "environment",
    "response_deadline": "2026-11-23T09:00:00+00:00",
    "resolution_deadline": "2026-12-01T09:00:00+00:00",
    "urgent": False,
    "actor": {"kind": "system", "id": "system", "name": None, "role": None, "unit_id": None},
}


def month_of_facts(count: int) -> tuple[list[dict], list[dict]]:
    rng, start = random.Random(1), datetime(2026, 11, 1, tzinfo=UTC)
    case_rows, fact_rows = [], []

    def fact(case_id: str, kind: str, at: datetime, **data) -> None:
        row = {"event_id": str(uuid.uuid4()), "case_id": case_id, "event_type": kind, "occurred_at": at}
        fact_rows.append({**row, "data": {**PAYLOAD, **data}})

    for n in range(count):
        case_id, at, unit = f"c{n}", start + timedelta(minutes=rng.randrange(40000)), rng.choice(UNITS)
        case_rows.append({"case_id": case_id, "district": "xinlin"})
        fact(case_id, "case.dispatched.v1", at, unit_id=unit, reason="lowest_level")
        waited = rng.randrange(3600)
        fact(case_id, "case.accepted.v1", at + timedelta(minutes=5), unit_id=unit, seconds_to_accept=waited)
        if n % 5 == 0:
            fact(case_id, "case.returned.v1", at + timedelta(minutes=1), unit_id=unit, reason_code="wrong_place")
    return case_rows, fact_rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=30000)
    args = parser.parse_args()
    url = fresh_database("bench_evaluation_bounces", DEFINITION.migrations)
    try:
        settings = DEFINITION.settings_model(
            DATABASE_URL=url, DISTRICTS_DIR=str(ROOT / "config/districts"), LOG_LEVEL="WARNING"
        )
        runtime = bootstrap(settings)
        case_rows, fact_rows = month_of_facts(args.cases)
        with runtime.db.transaction() as session:
            session.execute(cases.insert(), case_rows)
            session.execute(facts.insert(), fact_rows)
        with runtime.db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE facts")
            connection.exec_driver_sql("ANALYZE cases")
            connection.commit()
        first, last = date(2026, 11, 1), date(2026, 11, 30)
        for attempt in (1, 2):
            started = time.perf_counter()
            bounces.per_unit(runtime, "xinlin", first, last)
            ranked = time.perf_counter() - started
            started = time.perf_counter()
            rows = bounces.report(runtime, "xinlin", first, last, "day", None)["rows"]
            daily = time.perf_counter() - started
            print(
                f"run {attempt}: {len(fact_rows):,} facts of {args.cases:,} cases: every unit's month {ranked:.2f} s; "
                f"per-day report ({len(rows)} rows) {daily:.2f} s"
            )
        runtime.db.dispose()
    finally:
        drop(url)


if __name__ == "__main__":
    main()
