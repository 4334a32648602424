"""Intake's statements, commits and round trips per POST /api/v1/cases, counted (not timed), on PostgreSQL.

    .venv/bin/python bench/intake_round_trips.py [--cases 300] [--address-limit]

Realistic requests as ``bench/intake_submit.py`` posts them (web channel, xinlin's building addresses, a
phone of its own per request so the per-phone limit is hit and passes, a contact sealed for notify,
jieba, duplicate candidates, ticket counter, case row, outbox row and its NOTIFY), through intake's Flask
app in this process (no HTTP server), on a fresh database. ``--address-limit`` posts from a client
address the per-address limit counts (otherwise 127.0.0.1, which it skips, as in intake_submit.py).

Counted on intake's engine: statements (``before_cursor_execute``; an executemany counts once) and
commits; round trips from libpq's own trace of each connection (psycopg's ``pgconn.trace``): every
``ReadyForQuery`` the server sends ends one exchange the client waited for, BEGIN and COMMIT included.
CPU ms per request (this process: Flask, jieba, sealing, SQLAlchemy) is printed as a secondary figure.
"""

from __future__ import annotations

import argparse
import logging
import random
import tempfile
import time
from pathlib import Path

from intake_submit import addresses, submission_body
from scratch_db import drop, fresh_database
from statement_counts import TracedTally

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION
from minqing_intake.web import create_app
from minqing_kit.sealing import generate_contact_keypair

ROOT = Path(__file__).resolve().parents[1]


def bodies(count: int, seed: int = 1) -> list[bytes]:
    places, rng = addresses(), random.Random(seed)
    return [submission_body(rng, places, f"139{i:08d}") for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--address-limit", action="store_true", help="post from an address the limit counts")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    _private, public = generate_contact_keypair()
    url = fresh_database("bench_intake_trips", DEFINITION.migrations)
    settings = DEFINITION.settings(
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": url,
            "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
            "NOTIFY_PUBLIC_KEY": public,
            "INTAKE_SECRET_KEY": "bench-secret-key-0123456789",
            "RATE_LIMIT_ADDRESS": "1000000/1m",
            "LOG_LEVEL": "WARNING",
        }
    )
    runtime = bootstrap(settings)
    try:
        client = create_app(runtime=runtime).test_client()
        environ = {"REMOTE_ADDR": "10.20.30.40" if args.address_limit else "127.0.0.1"}
        warm, measured = bodies(20, seed=2), bodies(args.cases)
        for body in warm:  # jieba's dictionary, the classifiers, compiled statements, the pool's connections
            client.post("/api/v1/cases", data=body, content_type="application/json", environ_base=environ)
        tally = TracedTally(runtime.db.engine, Path(tempfile.mkdtemp()))
        runtime.db.engine.dispose()  # reconnect, so every connection used below is traced
        client.post("/api/v1/cases", data=warm[0], content_type="application/json", environ_base=environ)
        tally.read_all()
        statuses: dict[int, int] = {}
        cpu = time.process_time()
        for body in measured:
            answer = client.post("/api/v1/cases", data=body, content_type="application/json", environ_base=environ)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
        cpu = time.process_time() - cpu
        statements, commits, trips = tally.read_all()
        n = args.cases
        print(f"{n} POST /api/v1/cases, answers {statuses}, client address {environ['REMOTE_ADDR']}")
        print(
            f"per request: statements {statements / n:.2f}  commits {commits / n:.2f}  "
            f"round trips {trips / n:.2f}  CPU {cpu / n * 1000:.2f} ms (this process)"
        )
    finally:
        runtime.db.dispose()
        drop(url)


if __name__ == "__main__":
    main()
