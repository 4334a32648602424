"""Routing's dispatch cost against the cases already stored (issue 20 item 4): the same stream of new
case.received.v1 events dispatched through the consumer's real handler with 10,000 and with 1,000,000
cases stored.

    .venv/bin/python bench/routing_stored.py [--sizes 10000,1000000] [--rounds 2] [--cases 3000] [--batch 50]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); one scratch database per size, dropped afterwards.
Each is loaded in bulk (tests/routing/stored_cases.py: a year of hilltown's cases, 3 % open, with their
trails, timers, joint parts and model suggestions; the catalogue and a trusted history model; the bus
tables' rows within their retention, the same number whatever the size), then VACUUM ANALYZEd. The rounds
alternate the sizes; each dispatches ``--cases`` new cases (after 100 not measured) fed to
``EventHandling.handle_batch`` in batches of ``--batch``, in-process (no broker), as the consumer does
with the messages waiting: located by address, one in 50 a duplicate and one in 50 joining an open case
(我也遇到了). Prints, per round, the CPU per dispatched case of this process and of the database's
client backends (utime + stime from /proc, by pid), statements per case, cases/s (wall, so loaded by
whatever else runs), and the load average before and after; then each size's median and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from process_cpu import cpu_seconds  # noqa: E402
from routing.harness import received  # noqa: E402
from routing.stored_cases import seed_stored_cases  # noqa: E402
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_contracts.events.intake import CaseReceived  # noqa: E402
from minqing_kit.consumer import EventHandling  # noqa: E402
from minqing_routing.bootstrap import bootstrap  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402

ADDRESSES = ("山城区幸福路1号楼", "幸福路一号楼", "山城区和平路8号门口", "山城区西三路3号", "山城区幸福路2号楼")
CATEGORIES = ("environment", "municipal", "property", "elderly_care", "neighbour_dispute")
SIZES = """SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_history),
  (SELECT count(*) FROM deadline_timers), pg_database_size(current_database()) / 1048576"""
BACKENDS = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"


def stream(count: int, tag: str, stored: int):
    """``count`` new cases; a duplicate and a join each one in 50, the join into one of the newest open
    cases (``stored_cases.CASES``: n > 97 % of the total and n % 3 != 0 is open)."""
    newest_open = [n for n in range(stored, stored - 300, -1) if n % 3][:100]
    items = []
    for n in range(count):
        extra = {}
        if n % 50 == 17:
            extra = {"duplicate_of": f"stored-{newest_open[n % 100]}"}
        elif n % 50 == 41:
            extra = {"joins": f"stored-{newest_open[(n * 7) % 100]}"}
        envelope = received(
            f"HT-{tag}-{n:06d}",
            category=CATEGORIES[n % len(CATEGORIES)],
            address=ADDRESSES[n % len(ADDRESSES)],
            **extra,
        )
        items.append((envelope, CaseReceived.model_validate(envelope.payload)))
    return items


def backend_seconds(monitor) -> dict[int, float]:
    """CPU seconds of each backend of the database but the monitor's own, by pid."""
    seconds = {}
    for (pid,) in monitor.execute(BACKENDS).fetchall():
        try:
            seconds[pid] = cpu_seconds(pid)
        except FileNotFoundError:
            continue
    return seconds


def dispatch_round(runtime, monitor, items, batch: int) -> dict:
    handling = EventHandling("routing", runtime.db, DEFINITION.tables, DEFINITION.subscriptions(runtime))
    warm, measured = items[:100], items[100:]
    for start in range(0, len(warm), batch):
        handling.handle_batch(warm[start : start + batch])
    statements = [0]

    def count(*_):
        statements[0] += 1

    load_before = os.getloadavg()
    event.listen(runtime.db.engine, "before_cursor_execute", count)
    backends, cpu, started = backend_seconds(monitor), time.process_time(), time.perf_counter()
    for start in range(0, len(measured), batch):
        outcomes = handling.handle_batch(measured[start : start + batch])
        assert all(o.status == "handled" for o in outcomes), outcomes
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = backend_seconds(monitor)
    event.remove(runtime.db.engine, "before_cursor_execute", count)
    backend_cpu = sum(t - backends.get(pid, 0) for pid, t in after.items())
    cases = len(measured)
    return {
        "process_ms": cpu / cases * 1000,
        "backend_ms": backend_cpu / cases * 1000,
        "statements": statements[0] / cases,
        "rate": cases / elapsed,
        "backends": len(after),
        "load": (load_before, os.getloadavg()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000", help="cases stored, comma-separated")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cases", type=int, default=3000, help="new cases dispatched per round (100 more first)")
    parser.add_argument("--batch", type=int, default=50, help="events per transaction (the consumer's batch)")
    parser.add_argument("--inbox", type=int, default=80_000, help="inbox rows (14 days of events)")
    parser.add_argument("--outbox", type=int, default=35_000, help="published outbox rows (72 hours)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    districts = str(ROOT / "tests/routing/districts")
    stored, figures = {}, {size: [] for size in sizes}
    try:
        for size in sizes:
            url = fresh_database(f"bench_routing_stored_{size}", DEFINITION.migrations)
            runtime = bootstrap(DEFINITION.settings_model(DATABASE_URL=url, DISTRICTS_DIR=districts))
            started = time.perf_counter()
            seed_stored_cases(runtime, size, args.inbox, args.outbox)
            seconds = time.perf_counter() - started
            monitor = psycopg.connect(
                make_url(url).set(drivername="postgresql").render_as_string(False), autocommit=True
            )
            counts = monitor.execute(SIZES).fetchone()
            print(
                f"{size:,} stored in {seconds:.0f} s: {counts[0]:,} cases, {counts[1]:,} trail steps, "
                f"{counts[2]:,} timers, {counts[3]:,} MB; load {os.getloadavg()[0]:.1f}"
            )
            stored[size] = (url, runtime, monitor)
        for round_ in range(args.rounds):
            for size in sizes:
                url, runtime, monitor = stored[size]
                found = dispatch_round(runtime, monitor, stream(args.cases + 100, f"R{round_}", size), args.batch)
                figures[size].append(found)
                (before, after) = found["load"]
                print(
                    f"round {round_ + 1}, {size:,} stored: {found['process_ms']:.2f} ms CPU per case in this process "
                    f"+ {found['backend_ms']:.2f} ms in {found['backends']} PostgreSQL backend(s), "
                    f"{found['statements']:.2f} statements per case, {found['rate']:.0f} cases/s; "
                    f"load {before[0]:.1f} -> {after[0]:.1f}"
                )
        for size in sizes:
            total = statistics.median(f["process_ms"] + f["backend_ms"] for f in figures[size])
            print(f"{size:,} stored: median {total:.2f} ms CPU per case (process + backends)")
        if len(sizes) == 2:
            small, big = (statistics.median(f["process_ms"] + f["backend_ms"] for f in figures[size]) for size in sizes)
            print(f"ratio {sizes[1]:,} / {sizes[0]:,}: {big / small:.2f}")
    finally:
        for url, runtime, monitor in stored.values():
            monitor.close()
            runtime.db.dispose()
            drop(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
