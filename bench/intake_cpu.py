"""Intake's CPU per POST /api/v1/cases, in this process and in its PostgreSQL backend, and where it goes.

    .venv/bin/python bench/intake_cpu.py [--cases 1000] [--profile FILE] [--top 30]

The requests of ``bench/intake_round_trips.py`` (web channel, xinlin's building addresses, a phone of its
own per request, a contact sealed for notify) through intake's Flask app in this process (no HTTP server)
on a fresh PostgreSQL database, after a warm-up; the same bodies every run (fixed seeds). CPU is read from
/proc for this process (Flask, pydantic, jieba, sealing, SQLAlchemy, psycopg) and for the backend of each
connection the pool opened (its own pid, ``pg_backend_pid()``), so the machine's other work does not count;
what it cannot hide is the slower CPU of a loaded machine (caches, frequency): compare runs made close
together. ``--profile FILE`` runs the measured requests under cProfile, writes its stats to FILE and prints
the ``--top`` functions by own time (the CPU figures are then the profiler's, not the code's). For
instruction counts independent of the machine's load, run it under callgrind, e.g.
``valgrind --tool=callgrind --callgrind-out-file=/tmp/intake.cg --toggle-collect='*post*' ...``.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import time
from pathlib import Path

from intake_round_trips import bodies
from scratch_db import drop, fresh_database
from sqlalchemy import event, text

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION
from minqing_intake.web import create_app
from minqing_kit.sealing import generate_contact_keypair

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (its threads included), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Backends:
    """The pid of the PostgreSQL backend behind each connection the engine opens."""

    def __init__(self, engine):
        self.pids: set[int] = set()
        event.listen(engine, "connect", self._connected)

    def _connected(self, dbapi_connection, _record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.pids.add(cursor.fetchone()[0])

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids if Path(f"/proc/{pid}").exists())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--warm", type=int, default=100)
    parser.add_argument("--profile", type=Path, help="write cProfile's stats of the measured requests here")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    _private, public = generate_contact_keypair()
    url = fresh_database("bench_intake_cpu", DEFINITION.migrations)
    settings = DEFINITION.settings(
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": url,
            "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
            "NOTIFY_PUBLIC_KEY": public,
            "INTAKE_SECRET_KEY": "bench-secret-key-0123456789",
            "LOG_LEVEL": "WARNING",
        }
    )
    runtime = bootstrap(settings)
    try:
        backends = Backends(runtime.db.engine)
        client = create_app(runtime=runtime).test_client()
        runtime.classifiers.load_all()  # as wsgi.py does at start
        environ = {"REMOTE_ADDR": "127.0.0.1"}
        warm, measured = bodies(args.warm, seed=2), bodies(args.cases)
        for body in warm:  # the pool's connections, compiled statements, caches
            client.post("/api/v1/cases", data=body, content_type="application/json", environ_base=environ)
        with runtime.db.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
        statuses: dict[int, int] = {}
        profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall time
        own, backend = cpu_seconds(os.getpid()), backends.cpu()
        if profile:
            profile.enable()
        for body in measured:
            answer = client.post("/api/v1/cases", data=body, content_type="application/json", environ_base=environ)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
        if profile:
            profile.disable()
        own, backend = cpu_seconds(os.getpid()) - own, backends.cpu() - backend
        n = args.cases
        print(f"{n} POST /api/v1/cases after {args.warm} to warm up, answers {statuses}, backends {len(backends.pids)}")
        print(
            f"CPU ms per request: this process {own / n * 1000:.2f}, its PostgreSQL backend {backend / n * 1000:.2f}, "
            f"together {(own + backend) / n * 1000:.2f}" + (" (under cProfile)" if profile else "")
        )
        if profile:
            profile.dump_stats(args.profile)
            pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(args.top)
    finally:
        runtime.db.dispose()
        drop(url)


if __name__ == "__main__":
    main()
