"""How long a consumer's backlog takes to drain after its PostgreSQL was down, on the real broker.

A backlog of N events waits in the consumer's queue; the consumer (its own process, the harness's
consumer: inbox row + effect row per event, batches of 50) starts on a private PostgreSQL cluster;
once ``--before`` events are handled the cluster is stopped (fast shutdown) for ``--outage`` seconds,
then started again. Printed: the lag from the restart to the first event handled (the consumer's
backoff), the time from the restart until the last event is handled, what drained at which rate,
and what was parked or handled twice (both should be zero).

    .venv/bin/python bench/database_outage.py --events 10000 --outage 20
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts")]

import psycopg  # noqa: E402
from backbone.harness import make_service, payload  # noqa: E402
from backbone.private_postgres import PrivatePostgres  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from minqing_kit.parked import ParkingLot  # noqa: E402

SHARED = "postgresql://postgres@127.0.0.1:5432/postgres"
MAX_DELIVERIES = 5


def _consume(url: str, amqp: str, stop) -> None:
    import threading

    logging.basicConfig(level=logging.WARNING, format="  consumer %(levelname)s %(message)s")
    consumer = make_service("alpha", url).consumer(amqp, max_deliveries=MAX_DELIVERIES)
    threading.Thread(target=lambda: (stop.wait(), consumer.stop()), daemon=True).start()
    consumer.run()


def _counts(service) -> tuple[int, int]:
    with service.db.engine.connect() as connection:
        return connection.execute(select(func.count(), func.count(service.effects.c.event_id.distinct()))).one()


def _backlog(source, alpha_url: str, amqp: str, events: int) -> None:
    make_service("alpha", alpha_url).consumer(amqp, max_deliveries=MAX_DELIVERIES).declare()
    for start in range(0, events, 1000):
        source.emit(*[payload(ticket=f"O-{n}") for n in range(start, min(events, start + 1000))])
    relay = source.relay(amqp, batch_size=1000)
    while relay.run_once():
        pass


def _alive(process) -> None:
    if not process.is_alive():
        raise SystemExit(f"the consumer process exited ({process.exitcode}): see its output above")


def _measure(args, server: PrivatePostgres, alpha, amqp: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    process = ctx.Process(target=_consume, args=(alpha.db.url, amqp, stop))
    process.start()
    while _counts(alpha)[0] < args.before:
        _alive(process)
        time.sleep(0.05)
    server.stop()
    stopped = time.monotonic()
    alpha.db.dispose()
    time.sleep(args.outage)
    server.start()
    restarted = time.monotonic()
    at_restart = _counts(alpha)[0]
    first = None
    while (done := _counts(alpha)[0]) < args.events:
        if first is None and done > at_restart:
            first = time.monotonic()
        _alive(process)
        time.sleep(0.05)
    drained = time.monotonic()
    stop.set()
    process.join(timeout=60)
    handled, distinct = _counts(alpha)
    parked = len(ParkingLot(amqp, "alpha").list())
    print(f"outage: {restarted - stopped:.1f} s with {args.events - at_restart:,} of {args.events:,} events left")
    print(
        f"first event handled {((first or drained) - restarted):.1f} s after the restart (backoff);"
        f" last one {drained - restarted:.1f} s after it"
    )
    rate = (args.events - at_restart) / max(drained - (first or drained), 1e-9)
    print(
        f"drain after the first one: {rate:,.0f} events/s; handled {handled:,} ({distinct:,} distinct), parked {parked}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--before", type=int, default=1000, help="events handled when the database stops")
    parser.add_argument("--outage", type=float, default=20.0, help="seconds the database stays down")
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:6]
    vhost, source_db = f"minqing-bench-{tag}", f"bench_outage_source_{tag}"
    subprocess.run(["rabbitmqctl", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True, capture_output=True
    )
    amqp = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    with psycopg.connect(SHARED, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{source_db}"')
    server = PrivatePostgres().initialise()
    try:
        source = make_service("source", f"postgresql+psycopg://postgres@127.0.0.1:5432/{source_db}")
        alpha_url = server.create_database("alpha")
        _backlog(source, alpha_url, amqp, args.events)
        source.db.dispose()
        _measure(args, server, make_service("alpha", alpha_url), amqp)
    finally:
        server.destroy()
        with psycopg.connect(SHARED, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{source_db}" WITH (FORCE)')
        subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
