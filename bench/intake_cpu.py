"""Intake's CPU per POST /api/v1/cases, in this process and in its PostgreSQL backend, and where it goes.

    .venv/bin/python bench/intake_cpu.py [--cases 1000] [--stored 0] [--profile FILE] [--top 30]

The requests of ``bench/intake_round_trips.py`` (web channel, xinlin's building addresses, a phone of its
own per request, a contact sealed for notify) through intake's Flask app in this process (no HTTP server)
on a fresh PostgreSQL database, after a warm-up; the same bodies every run (fixed seeds). CPU is read from
/proc for this process (Flask, pydantic, jieba, sealing, SQLAlchemy, psycopg) and for the backend of each
connection the pool opened (its own pid, ``pg_backend_pid()``), so the machine's other work does not count;
what it cannot hide is the slower CPU of a loaded machine (caches, frequency): compare runs made close
together. ``--stored N`` first files N cases of a past year at the same places (``store``), so that the cost
with the data a district accumulates can be compared with the cost on a young database (issue 20: flat
within 10 % from 10,000 to 1,000,000 cases). ``--profile FILE`` runs the measured requests under cProfile,
writes its stats to FILE and prints the ``--top`` functions by own time (the CPU figures are then the
profiler's, not the code's). For instruction counts independent of the machine's load, run it under
callgrind, e.g.
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
from intake_submit import TEXTS, addresses
from process_cpu import Backends, cpu_seconds
from scratch_db import drop, fresh_database
from sqlalchemy import text

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION
from minqing_intake.web import create_app
from minqing_kit.sealing import generate_contact_keypair

ROOT = Path(__file__).resolve().parents[1]


CASES_PER_PLACE = 100  # a year's cases at one place: the data grows by places and by history, not by density


def store(runtime, count: int) -> None:
    """``count`` cases filed over the past year as intake keeps them, each case's outbox row published, at
    ``count / CASES_PER_PLACE`` places (grids): those of xinlin's 30 buildings (where the measured requests go)
    and stored places beside them, so each holds what a busy grid holds in a year however large ``count``.
    The requests' own texts and words. Cases of the last 14 days are half open (being handled), older ones
    1 % (long-running), the rest closed."""
    places = runtime.places["xinlin"]
    resolved = {address: places.resolve(None, address, None, None) for address in addresses()}
    keyed = list({place.place_key: (address, place) for address, place in resolved.items()}.values())
    words = [" ".join(runtime.classifiers["xinlin"].words(text)) for text in TEXTS]
    values = {
        "count": count,
        "places": max(len(keyed), count // CASES_PER_PLACE),
        "addresses": [address for address, _ in keyed],
        "keys": [place.place_key for _, place in keyed],
        "grids": [place.grid_code for _, place in keyed],
        "texts": TEXTS,
        "words": words,
    }
    with runtime.db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO cases (id, district, ticket, channel, content, category, status, received_at, updated_at,"
            " address, grid_code, place_key, words, tracking_hash)"
            " SELECT 's' || g, 'xinlin', 'XL-S' || g, 'web',"
            " (%(texts)s::text[])[1 + g %% cardinality(%(texts)s::text[])] || '(存' || g || ')', 'other',"
            " CASE WHEN age < interval '14 days' AND g %% 2 = 0 THEN 'dispatched'"
            " WHEN g %% 100 = 0 THEN 'accepted' ELSE 'closed' END,"
            " now() - age, now() - age / 2,"
            " coalesce((%(addresses)s::text[])[1 + place], '存量路' || place || '号'),"
            " coalesce((%(grids)s::text[])[1 + place], 'stored-grid'),"
            " coalesce((%(keys)s::text[])[1 + place], 'grid:stored-' || place),"
            " (%(words)s::text[])[1 + g %% cardinality(%(words)s::text[])], md5(g::text)"
            " FROM (SELECT g, g %% %(places)s AS place, make_interval(secs => 365 * 86400.0 * g / %(count)s) AS age"
            " FROM generate_series(1, %(count)s) AS g) AS stored",
            values,
        )
        connection.exec_driver_sql(
            "INSERT INTO outbox (event_id, event_type, routing_key, body, created_at, published_at, attempts,"
            " next_attempt_at) SELECT 'stored-' || g, 'case.received.v1', 'xinlin.case.received.v1', '{}',"
            " now(), now(), 1, now() FROM generate_series(1, %(count)s) AS g",
            values,
        )
    with runtime.db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--warm", type=int, default=100)
    parser.add_argument("--stored", type=int, default=0, help="cases of a past year filed before the requests")
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
        if args.stored:
            started = time.perf_counter()
            store(runtime, args.stored)
            print(f"{args.stored} cases stored in {time.perf_counter() - started:.0f} s")
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
        print(
            f"{n} POST /api/v1/cases after {args.warm} to warm up, {args.stored} cases stored before, answers "
            f"{statuses}, backends {len(backends.pids)}"
        )
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
