"""Escalation sweep: 100,000 due deadlines on PostgreSQL, handled by one and then by two
``minqing-routing scheduler`` processes; prints deadlines/s for each.

    .venv/bin/python bench/routing_sweep.py [--count 100000] [--batch 500]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres). Every case is seeded open at a community with an
escalation timer already due; a sweep escalates each to its street (case row, audit row, new timers,
case.escalated.v1 in the outbox, all in the batch's transaction). Databases are dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from routing.seeding import seed_due_cases  # noqa: E402

from minqing_kit.db import Database  # noqa: E402
from minqing_kit.migrations import upgrade  # noqa: E402
from minqing_routing.adapters.tables import history, timers  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
CLI = Path(sys.executable).parent / "minqing-routing"


def admin(sql: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(sql)


def run(template: str, replicas: int, count: int, batch: int) -> float:
    name = f"bench_routing_sweep_{replicas}_{uuid.uuid4().hex[:6]}"
    admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    db = Database(URL.format(name=name))
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "DISTRICTS_DIR": str(ROOT / "tests/routing/districts"),
        "SCHEDULER_BATCH_SIZE": str(batch),
        "SCHEDULER_IDLE_SECONDS": "0.05",
        "LOG_LEVEL": "WARNING",
    }
    try:
        started = time.perf_counter()
        processes = [subprocess.Popen([str(CLI), "scheduler"], env=env) for _ in range(replicas)]
        with db.engine.connect() as connection:
            while connection.execute(
                select(func.count()).select_from(timers).where(timers.c.done_at.is_(None), timers.c.stage == 1)
            ).scalar_one():
                connection.rollback()
                time.sleep(0.2)
        elapsed = time.perf_counter() - started
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        with db.engine.connect() as connection:
            escalations = connection.execute(
                select(func.count()).select_from(history).where(history.c.action == "escalate")
            ).scalar_one()
        assert escalations == count, f"{escalations} escalations for {count} cases"
        return elapsed
    finally:
        db.dispose()
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    template = f"bench_routing_tpl_{uuid.uuid4().hex[:6]}"
    admin(f'CREATE DATABASE "{template}"')
    try:
        upgrade(DEFINITION.migrations, URL.format(name=template))
        db = Database(URL.format(name=template))
        started = time.perf_counter()
        seed_due_cases(db, args.count)
        db.dispose()
        print(f"seeded {args.count} due deadlines in {time.perf_counter() - started:.1f} s")
        for replicas in (1, 2):
            elapsed = run(template, replicas, args.count, args.batch)
            print(
                f"{replicas} scheduler(s), batch {args.batch}: {args.count} escalations in {elapsed:.1f} s "
                f"= {args.count / elapsed:,.0f} deadlines/s (each escalated exactly once)"
            )
    finally:
        admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


if __name__ == "__main__":
    main()
