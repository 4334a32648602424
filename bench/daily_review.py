"""The daily review page (每日一研判) of a street with a year of data: latency through the Flask app.

    .venv/bin/python bench/daily_review.py [--cases 300000] [--requests 40]

A synthetic district of 20 streets x 15 communities x 2 grids; ``--cases`` cases spread over the 365
days before the reviewed day, loaded directly (COPY) into evaluation's read model on a fresh
PostgreSQL database: each case received, 90 % answered, 5 % supervised (督办; a fifth of those never
answered), 3 % returned, 2 % reopened, 2 % merged, 60 % with a follow-up answer (15 % of them not
satisfied). Then ``GET /review/<district>/<street>?date=`` and the same for a community are requested
through the app (HTTP layer and template included, no network) and p50 / p95 / max printed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, time as clock_time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import yaml
from scratch_db import drop, fresh_database

from minqing_evaluation.bootstrap import bootstrap
from minqing_evaluation.definition import DEFINITION
from minqing_evaluation.web import create_app

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 30)


def district(directory: Path) -> list[str]:
    base = yaml.safe_load((ROOT / "config/districts/xinlin.yaml").read_text(encoding="utf-8"))
    base.update(code="bigtown", name="大城区", ticket_prefix="BT", people=[], dispatch_rules=[], bounds=None)
    base["streets"] = [
        {
            "id": f"bt-s{s}",
            "name": f"街道{s}",
            "communities": [
                {
                    "id": f"bt-s{s}-c{c}",
                    "name": f"社区{s}-{c}",
                    "grids": [{"code": f"BT-{s}-{c}-G{g}", "name": f"网格{g}", "households": 300} for g in range(2)],
                }
                for c in range(15)
            ],
        }
        for s in range(20)
    ]
    base["units"] = [{"id": f"bt-d{d}", "name": f"部门{d}"} for d in range(40)]
    (directory / "bigtown.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    return [g["code"] for s in base["streets"] for c in s["communities"] for g in c["grids"]]


def rows(n: int, grids: list[str], rng: random.Random):
    """(cases, facts, evaluations) rows for COPY."""
    cases, facts, evaluations = [], [], []
    start = datetime.combine(DAY - timedelta(days=364), clock_time(8), tzinfo=TZ)
    for i in range(n):
        case_id, ticket = f"c{i}", f"BT-{i:08d}"
        received = start + timedelta(seconds=rng.randrange(365 * 86400))
        facts.append((f"{case_id}:r", case_id, "case.received.v1", received))
        later = received + timedelta(hours=rng.randrange(1, 240))
        for event_type, share in (("case.returned.v1", 0.03), ("case.reopened.v1", 0.02), ("case.merged.v1", 0.02)):
            if rng.random() < share:
                facts.append((f"{case_id}:{event_type}", case_id, event_type, later))
        supervised = rng.random() < 0.05
        if supervised:
            facts.append((f"{case_id}:s", case_id, "case.supervised.v1", later))
        answered = rng.random() < 0.9 and not (supervised and rng.random() < 0.2)
        category = rng.choice(["environment", "municipal", "property"])
        cases.append(
            (case_id, "bigtown", ticket, category, "web", rng.choice(grids), received, "bt-d1", "部门1", "department")
            + ("reply" if answered else None, later if supervised and not answered else None)
        )
        if answered:
            answered_at = later + timedelta(hours=rng.randrange(1, 72))
            facts.append((f"{case_id}:x", case_id, "case.resolved.v1", answered_at))
            if rng.random() < 0.6:
                unhappy = rng.random() < 0.15
                evaluations.append(
                    (f"e{i}", case_id, "bigtown", ticket, "bt-d1", f"{case_id}:x", answered_at, f"h{i}", "answered")
                    + (answered_at, answered_at + timedelta(days=7), answered_at + timedelta(hours=5), not unhappy)
                    + ("not_satisfied" if unhappy else "satisfied",)
                )
    return cases, facts, evaluations


def load(url: str, cases, facts, evaluations) -> None:
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        with connection.cursor().copy(
            "COPY cases (case_id, district, ticket, category, channel, grid_code, received_at, unit_id, unit_name,"
            " level, outcome, supervised_at) FROM STDIN"
        ) as copy:
            for row in cases:
                copy.write_row(row)
        with connection.cursor().copy(
            "COPY facts (event_id, case_id, event_type, occurred_at, data) FROM STDIN"
        ) as copy:
            for row in facts:
                copy.write_row((*row, json.dumps({})))
        with connection.cursor().copy(
            "COPY evaluations (id, case_id, district, ticket, unit_id, resolved_event_id, resolved_at, token_hash,"
            " status, requested_at, expires_at, answered_at, solved, satisfaction) FROM STDIN"
        ) as copy:
            for row in evaluations:
                copy.write_row(row)
        connection.execute("ANALYZE")


def timed(client, path: str, n: int) -> list[float]:
    client.get(path)  # warm the template and the plans
    found = []
    for _ in range(n):
        began = time.perf_counter()
        answer = client.get(path)
        found.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, answer.status_code
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    url = fresh_database("bench_review", DEFINITION.migrations)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            grids = district(Path(scratch))
            began = time.perf_counter()
            cases, facts, evaluations = rows(args.cases, grids, rng)
            load(url, cases, facts, evaluations)
            print(
                f"loaded {len(cases):,} cases, {len(facts):,} facts, {len(evaluations):,} follow-up answers "
                f"in {time.perf_counter() - began:.0f} s"
            )
            settings = DEFINITION.settings(
                {"MINQING_ENV": "development", "DATABASE_URL": url, "DISTRICTS_DIR": scratch, "TOKEN_PUBLIC_KEYS": ""}
            )
            runtime = bootstrap(settings, clock=lambda: datetime.combine(DAY, clock_time(9), tzinfo=TZ).astimezone(UTC))
            client = create_app(runtime=runtime).test_client()
            for scope in ("bt-s3", "bt-s3-c4"):
                path = f"/review/bigtown/{scope}?date={DAY.isoformat()}"
                ms = sorted(timed(client, path, args.requests))
                page = client.get(path).get_data(as_text=True)
                print(
                    f"{path}: p50 {statistics.median(ms):.0f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.0f} ms, "
                    f"max {ms[-1]:.0f} ms over {len(ms)} requests; page {len(page) // 1024} KiB"
                )
            runtime.db.dispose()
    finally:
        drop(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
