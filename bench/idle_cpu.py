"""Idle CPU of the whole stack, per process (issue 20): what burns CPU when nothing happens.

    .venv/bin/python bench/idle_cpu.py --settle-seconds 10 --idle-seconds 30     # ~1 min

Starts ``scripts/stack.py`` as ``bench/pipeline.py`` does (its ``Minqing`` pipeline: fresh PostgreSQL
databases, a fresh RabbitMQ vhost, ``--web-workers`` gunicorn workers), lets it settle, then reads
/proc over ``--idle-seconds`` with nothing submitted: CPU % of one core per process (each gunicorn
worker apart from its master) and per PostgreSQL backend of its databases, then the whole stack's sum
(RabbitMQ left out: it serves the whole machine). Stops the stack and drops its databases and vhost.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from pipeline import TICK, Minqing, cpu_ticks  # noqa: E402


def snapshot(pipeline: Minqing) -> dict[tuple[str, int], int]:
    """CPU ticks of each process of the stack (a gunicorn worker named apart from its master) and of
    each PostgreSQL backend of its databases."""
    ticks: dict[tuple[str, int], int] = {}
    for kind, pids in pipeline.processes().items():
        for n, pid in enumerate(pids):
            ticks[(kind if n == 0 else f"{kind} worker", pid)] = cpu_ticks(pid)
    for pid, database in pipeline.backends():
        ticks[(f"postgres:{database}", pid)] = cpu_ticks(pid)
    return ticks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settle-seconds", type=float, default=10)
    parser.add_argument("--idle-seconds", type=float, default=30)
    parser.add_argument("--web-workers", type=int, default=5)
    parser.add_argument("--port-base", type=int, default=18700)
    args = parser.parse_args()
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    pipeline = Minqing(uuid.uuid4().hex[:6], args.web_workers, args.port_base)
    try:
        time.sleep(args.settle_seconds)
        before, began = snapshot(pipeline), time.perf_counter()
        time.sleep(args.idle_seconds)
        after, seconds = snapshot(pipeline), time.perf_counter() - began
    finally:
        pipeline.stop()
    spent: dict[str, float] = defaultdict(float)
    for key, value in after.items():
        spent[key[0]] += (value - before.get(key, value)) / TICK
    total = sum(spent.values()) / seconds * 100
    print(f"idle {seconds:.0f} s: the whole stack {total:.2f} % of one core; per process type (% of a core):")
    for kind, cpu in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {kind:<36} {cpu / seconds * 100:6.2f}")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
