"""What one case leaves behind: events per case and the rows and bytes each service's database holds,
from the whole stack playing seed 002's quarter (``scripts/simulator.py --scenario xinlin-quarter``:
requests filed, dispatched, accepted, resolved, returned now and then, rated by residents, meetings).

    .venv/bin/python bench/case_footprint.py [--seconds 150] [--port-base 18700]

Starts ``scripts/stack.py`` as bench/pipeline.py does (fresh databases and vhost, dropped at the end),
runs the simulator, waits for the outboxes to drain, then prints per service: the events it published
by type, and for each table with rows: rows, rows per case, average row size (``pg_column_size`` of the
row) and the table's size with indexes and TOAST (``pg_total_relation_size``). docs/SCALE.md uses it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from pipeline import SERVICES, Minqing  # noqa: E402

TABLES = """SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=150, help="how long the simulator plays")
    parser.add_argument("--port-base", type=int, default=18700)
    args = parser.parse_args()
    tag = f"fp{os.getpid()}"
    stack = Minqing(tag, web_workers=2, port_base=args.port_base)
    try:
        env = dict(
            os.environ,
            MINQING_RUN_DIR=str(stack.run_dir),
            AMQP_URL=f"amqp://guest:guest@127.0.0.1:5672/{stack.vhost}",
            **{f"{s.upper()}_PORT": str(args.port_base + 1 + i) for i, s in enumerate(SERVICES)},
        )
        command = [sys.executable, "scripts/simulator.py", "--scenario", "xinlin-quarter", "--seed", "21"]
        command += ["--duration", str(args.seconds)]
        simulated = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        print("simulator:", *simulated.stdout.strip().splitlines()[-3:], sep="\n  ")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and any(
            stack.query(s, "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0] for s in SERVICES
        ):
            time.sleep(1)
        time.sleep(5)  # the last deliveries handled
        report(stack)
    finally:
        stack.stop()
    return 0


def report(stack: Minqing) -> None:
    cases = stack.query("intake", "SELECT count(*) FROM cases")[0][0]
    states = stack.query("routing", "SELECT state, count(*) FROM cases GROUP BY 1 ORDER BY 2 DESC")
    print(f"{cases} cases at intake; routing's by state:", ", ".join(f"{state} {n}" for state, n in states))
    total_events = total_bytes = 0
    for service in SERVICES:
        events = stack.query(
            service, "SELECT event_type, count(*), avg(octet_length(body)) FROM outbox GROUP BY 1 ORDER BY 2 DESC"
        )
        published = sum(n for _, n, _ in events)
        total_events += published
        print(f"\n{service}: {published} events published = {published / cases:.2f} per case")
        for event_type, n, size in events:
            print(f"  {event_type:40s} {n:6d}  {n / cases:5.2f}/case  body {float(size):6.0f} B")
        print(f"  {'table':28s} {'rows':>7s} {'rows/case':>9s} {'avg row B':>9s} {'table+index kB':>14s}")
        for table, size in sorted(stack.query(service, TABLES), key=lambda r: -r[1]):
            rows, width = stack.query(service, f'SELECT count(*), avg(pg_column_size(t.*)) FROM "{table}" t')[0]
            if rows:
                total_bytes += size
                print(f"  {table:28s} {rows:7d} {rows / cases:9.2f} {float(width):9.0f} {size / 1024:14.0f}")
    print(f"\nall services: {total_events / cases:.1f} events per case; {total_bytes / cases / 1024:.1f} kB per case")
    print("(table sizes include the demo districts' seed rows and fixed-size pages: an upper bound at this scale)")


if __name__ == "__main__":
    raise SystemExit(main())
