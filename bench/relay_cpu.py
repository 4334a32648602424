"""One outbox relay's CPU per event at a steady rate, beside the bare pipeline's relay (issue 20).

    .venv/bin/python bench/relay_cpu.py [--rate 100] [--seconds 10] [--profile]

A writer process commits intake's ``case.received.v1`` envelopes one transaction each at ``--rate`` per
second, as intake's web does (the kit's ``Outbox.add``: row and NOTIFY), into intake's outbox on a fresh
PostgreSQL database; intake's relay, as ``minqing-intake relay`` builds it (``build_relay``: publisher
confirms, LISTEN wake-up, pruner), runs in this process and publishes to a fresh vhost where one queue
takes every key. Then the same stream through ``bench/bare_pipeline.py relay`` (a confirm per message,
polling every 50 ms) on a bare outbox of its own, as a process. After a warm-up, the figures of
``--seconds`` of writing, until the outbox is drained: the relay's CPU per event (this process's, or the
bare process's from /proc), its PostgreSQL backends' CPU per event (the writer's connection left out),
events per batch (one batch marks its rows with one ``published_at``). ``--profile`` prints cProfile's
top functions of Minqing's relay (in this process's main thread).
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import pstats
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import kombu
import psycopg
from consumer_round_trips import received_events
from pipeline import TICK, cpu_ticks, create_vhost, drop as drop_vhost
from scratch_db import ADMIN, drop, fresh_database

from minqing_contracts import topology
from minqing_intake.definition import DEFINITION
from minqing_kit.db import Database
from minqing_kit.outbox import Outbox
from minqing_kit.service import build_relay

ROOT = Path(__file__).resolve().parents[1]
WRITER = "bench_writer"  # the writer's application_name: its backend is not the relay's
WARM_UP = 50


def write(url: str, bare: bool, rate: float, count: int, start: int) -> None:
    """``count`` envelopes at ``rate`` per second, one transaction each (run in a process of its own)."""
    envelopes = received_events(start + count)[start:]
    if bare:
        with psycopg.connect(url, application_name=WRITER) as connection:

            def insert(envelope) -> None:
                with connection.transaction():
                    connection.execute(
                        "INSERT INTO outbox (event_id, routing_key, body) VALUES (%s, %s, %s)",
                        (envelope.event_id, envelope.routing_key, envelope.to_json()),
                    )

            _paced(rate, envelopes, insert)
        return
    db = Database(f"{url.replace('postgresql://', 'postgresql+psycopg://')}?application_name={WRITER}")
    outbox = Outbox(DEFINITION.tables.outbox)

    def commit(envelope) -> None:
        with db.transaction() as session:
            outbox.add(session, envelope)

    _paced(rate, envelopes, commit)
    db.dispose()


def _paced(rate: float, envelopes: list, commit) -> None:
    begin = time.monotonic()
    for n, envelope in enumerate(envelopes):
        if (wait := begin + n / rate - time.monotonic()) > 0:
            time.sleep(wait)
        commit(envelope)


def written(url: str, bare: bool, rate: float, count: int, start: int) -> multiprocessing.Process:
    process = multiprocessing.get_context("spawn").Process(target=write, args=(url, bare, rate, count, start))
    process.start()
    return process


def drained(url: str, total: int) -> int:
    """Waits until ``total`` rows are in the outbox and all published; the batches."""
    give_up = time.monotonic() + 120
    while time.monotonic() < give_up:
        with psycopg.connect(url) as connection:
            rows, left, batches = connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE published_at IS NULL), count(DISTINCT published_at)"
                " FROM outbox"
            ).fetchone()
        if rows >= total and not left:
            return batches
        time.sleep(0.05)
    raise RuntimeError(f"the outbox was not drained in 120 s ({rows} rows of {total}, {left} unsent)")


def plain(url: str) -> str:
    """A SQLAlchemy URL as psycopg takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def thread_ticks(tid: int) -> int:
    """CPU ticks of one thread of this process."""
    fields = Path(f"/proc/{os.getpid()}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def backend_ticks(url: str) -> int:
    """CPU ticks of the database's backends but the writer's and this probe's own."""
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(ADMIN) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = %s AND application_name <> %s AND pid <> pg_backend_pid()",
            (name, WRITER),
        ).fetchall()
        return sum(cpu_ticks(pid) for (pid,) in pids)


class Run:
    """One relay's figures: warm-up, then the measured stream, each until drained."""

    def __init__(self, url: str, bare: bool, args: argparse.Namespace):
        self.url, self.bare, self.args = url, bare, args
        self.count = int(args.rate * args.seconds)

    def measure(self, cpu) -> dict:
        written(self.url, self.bare, self.args.rate, WARM_UP, 0).join()
        warm_batches = drained(self.url, WARM_UP)
        cpu0, pg0 = cpu(), backend_ticks(self.url)
        writer = written(self.url, self.bare, self.args.rate, self.count, WARM_UP)
        batches = drained(self.url, WARM_UP + self.count) - warm_batches
        writer.join()
        cpu1, pg1 = cpu(), backend_ticks(self.url)
        return {
            "cpu_ms": (cpu1 - cpu0) * 1000 / self.count,
            "pg_ms": (pg1 - pg0) * 1000 / TICK / self.count,
            "per_batch": self.count / max(1, batches),
        }


def minqing(url: str, amqp: str, args: argparse.Namespace) -> dict:
    settings = DEFINITION.settings(
        {"MINQING_ENV": "development", "DATABASE_URL": url, "AMQP_URL": amqp, "LOG_LEVEL": "WARNING"}
    )
    db = Database(url)
    relay = build_relay(DEFINITION, settings, db)
    figures: dict = {}
    relay_thread = threading.get_native_id()  # the relay runs in this thread; the measuring one is left out

    def measure() -> None:
        try:
            figures.update(Run(plain(url), False, args).measure(lambda: thread_ticks(relay_thread) / TICK))
        finally:
            relay.stop()

    threading.Thread(target=measure, daemon=True).start()
    profiler = cProfile.Profile(time.thread_time) if args.profile else None  # this thread's CPU, not wall time
    if profiler:
        profiler.enable()
    relay.run()
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    db.dispose()
    return figures


def bare(url: str, amqp: str, args: argparse.Namespace) -> dict:
    url = plain(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP TABLE outbox")  # intake's: the bare relay reads a table of its own
        connection.execute(
            "CREATE TABLE outbox (id bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE, routing_key text NOT NULL,"
            " body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);"
            "CREATE INDEX outbox_unsent ON outbox (id) WHERE published_at IS NULL;"
        )
    env = {**os.environ, "BARE_DB_WEB": url, "AMQP_URL": amqp}
    relay = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_pipeline.py"), "relay", "web"], env=env)
    try:
        return Run(url, True, args).measure(lambda: cpu_ticks(relay.pid) / TICK)
    finally:
        relay.terminate()
        relay.wait(10)


def declare(amqp: str) -> None:
    """One queue that takes every event of both exchanges (the messages go with the vhost)."""
    with kombu.Connection(amqp) as connection:
        channel = connection.channel()
        for name in (topology.EXCHANGE, "bare"):
            exchange = kombu.Exchange(name, type="topic", durable=True)
            kombu.Queue(f"relay-bench.{name}", exchange, routing_key="#", durable=True)(channel).declare()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=100.0, help="events committed per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", choices=("minqing", "bare"))
    args = parser.parse_args()
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    vhost = f"relay-bench-{uuid.uuid4().hex[:6]}"
    amqp = create_vhost(vhost)
    urls = [fresh_database("bench_relay", DEFINITION.migrations)]
    try:
        declare(amqp)
        for name, run in (("minqing", minqing), ("bare", bare)):
            if args.only not in (None, name):
                continue
            if name == "bare":
                urls.append(fresh_database("bench_relay_bare", DEFINITION.migrations))
            f = run(urls[-1], amqp, args)
            print(
                f"{name:<8} {args.rate:.0f}/s for {args.seconds:.0f} s: relay CPU {f['cpu_ms']:.3f} ms per event, "
                f"its PostgreSQL {f['pg_ms']:.3f} ms, {f['per_batch']:.1f} events per batch"
            )
    finally:
        for url in urls:
            drop(url)
        drop_vhost([], vhost)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
