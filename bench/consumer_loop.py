"""The kit's consumer loop through the real broker: CPU per event of ``EventConsumer`` (kombu, decoding,
the batch's transaction, acks, the success line) against ``EventHandling.handle_batch`` fed the same
batches directly, so that the loop's own share of a consumer's cost is a figure (issue 20).

    .venv/bin/python bench/consumer_loop.py [--events 1500] [--rate 100] [--profile 25]

A fresh PostgreSQL database with the kit's bus tables and one table of effects, a fresh RabbitMQ vhost.
A publisher thread sends ``case.received.v1`` envelopes (a realistic payload: the contract's example) at
``--rate`` per second one by one, as a relay publishes under a light load; the consumer runs in its own
thread, its handler a ``BatchHandler`` that writes one effect row per event in one statement (as the
services' set-wise handlers do). The consumer thread's CPU (``time.thread_time``) over every event after
the first 100 gives the loop's figure; the batches it formed (inbox rows per ``processed_at``) are then
fed again, as they were, to ``handle_batch`` alone on a second database, timed the same way. What is left
between the two is the loop: kombu's frames, decoding and validation, acks, the log line, metrics.
``--profile N``: cProfile (thread CPU time) of the consumer thread: the N functions of most own time, then the
kit's, kombu's and amqp's by cumulative time (cProfile's overhead inflates the loop's many small calls: read its
proportions, not its milliseconds). ``--log``: the success line of every event written (to /dev/null) as the
services write theirs.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import kombu
from scratch_db import drop, fresh_database
from sqlalchemy import Column, DateTime, MetaData, String, Table, insert

from minqing_contracts import new_envelope, topology
from minqing_contracts.events.intake import CaseReceived
from minqing_kit.bus_tables import BusTables
from minqing_kit.consumer import BatchHandler, EventConsumer, EventHandling
from minqing_kit.db import Database
from minqing_kit.logs import configure_logging

SERVICE = "loopbench"
WARM = 100


def database() -> tuple[str, Database, BusTables, Table]:
    """A fresh database (``scratch_db``, no migrations to run) with the bus tables and the effects table."""
    url = fresh_database("bench_loop", None)
    metadata = MetaData()
    tables = BusTables(metadata)
    effects = Table(
        "effects",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("ticket", String(40)),
        Column("handled_at", DateTime(timezone=True)),
    )
    db = Database(url)
    metadata.create_all(db.engine)
    return url, db, tables, effects


def handling(db: Database, tables: BusTables, effects: Table) -> EventHandling:
    statement = insert(effects)

    def write(session, items) -> None:
        now = datetime.now(UTC)
        rows = [{"event_id": e.event_id, "ticket": p.ticket, "handled_at": now} for e, p in items]
        session.execute(statement, rows)

    return EventHandling(SERVICE, db, tables, {CaseReceived: BatchHandler(write)})


def envelopes(count: int) -> list:
    example = CaseReceived.model_validate(CaseReceived.EXAMPLE)
    return [
        new_envelope(
            example.model_copy(update={"ticket": f"T{i:08d}"}),
            district="xinlin",
            producer="intake",
            case_id=str(uuid.uuid4()),
        )
        for i in range(count)
    ]


def publish(amqp: str, events: list, rate: float) -> None:
    exchange = kombu.Exchange(topology.EXCHANGE, type="topic", durable=True)
    with kombu.Connection(amqp) as connection:
        producer = connection.Producer()
        start = time.monotonic()
        for i, envelope in enumerate(events):
            wait = start + i / rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            producer.publish(
                envelope.to_json(),
                exchange=exchange,
                routing_key=envelope.routing_key,
                content_type="application/json",
                message_id=envelope.event_id,
                delivery_mode=2,
            )


def inbox_batches(db: Database, tables: BusTables) -> list[list[str]]:
    """The event ids of each batch the consumer formed, in order (a batch shares its claim's time)."""
    inbox = tables.inbox
    with db.engine.connect() as connection:
        rows = connection.execute(inbox.select().order_by(inbox.c.processed_at)).all()
    batches: dict[datetime, list[str]] = {}
    for row in rows:
        batches.setdefault(row.processed_at, []).append(row.event_id)
    return list(batches.values())


def run_consumer(amqp: str, events: list, rate: float, profile: int) -> tuple[dict, list[list[str]]]:
    url, db, tables, effects = database()
    consumer = EventConsumer(kombu.Connection(amqp, heartbeat=15), handling(db, tables, effects), districts=["xinlin"])
    consumer.declare()
    figures: dict = {}
    profiler = cProfile.Profile(time.thread_time) if profile else None

    def consume() -> None:
        started = None
        for _ in consumer.consume(limit=None):
            done = consumer.counts["handled"]
            if started is None and done >= WARM:
                started, figures["from"] = time.thread_time(), done
                if profiler:
                    profiler.enable()
            if done >= len(events):
                break
        if profiler:
            profiler.disable()
        figures["cpu"] = time.thread_time() - (started or 0)
        figures["to"] = consumer.counts["handled"]

    thread = threading.Thread(target=consume)
    thread.start()
    publish(amqp, events, rate)
    thread.join(timeout=len(events) / rate + 60)
    consumer.should_stop = True
    batches = inbox_batches(db, tables)
    db.dispose()
    drop(url)
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("minqing_kit|kombu/|amqp/connection", profile)
    return figures, batches


def run_direct(events: list, batches: list[list[str]]) -> dict:
    """The same batches, as the consumer formed them, to ``handle_batch`` directly."""
    url, db, tables, effects = database()
    direct = handling(db, tables, effects)
    by_id = {e.event_id: e for e in events}
    items = [[(by_id[i], direct.decode(by_id[i].to_json())[1]) for i in ids] for ids in batches]
    done, measured, started = 0, 0, None
    for batch in items:
        if started is None and done >= WARM:
            started = time.thread_time()
        direct.handle_batch(batch)
        done += len(batch)
        measured += len(batch) if started is not None else 0
    cpu = time.thread_time() - (started or 0)
    db.dispose()
    drop(url)
    return {"cpu": cpu, "events": measured}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=100, help="events published per second, one by one")
    parser.add_argument("--profile", type=int, default=0, help="print the consumer thread's N costliest functions")
    parser.add_argument("--log", action="store_true", help="the services' JSON log lines (to /dev/null)")
    args = parser.parse_args()
    if args.log:
        configure_logging(SERVICE, "INFO")
        for handler in logging.getLogger().handlers:
            handler.setStream(open("/dev/null", "w"))  # noqa: SIM115 - the handler keeps it
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    vhost = f"bench-loop-{uuid.uuid4().hex[:6]}"
    subprocess.run(["rabbitmqctl", "add_vhost", vhost], check=True, capture_output=True)
    permissions = ["rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]
    subprocess.run(permissions, check=True, capture_output=True)
    amqp = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    try:
        events = envelopes(args.events)
        loop, batches = run_consumer(amqp, events, args.rate, args.profile)
        n = loop["to"] - loop["from"]
        direct = run_direct(events, batches)
    finally:
        subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True)
    size = len(events) / max(1, len(batches))
    loop_ms, direct_ms = loop["cpu"] / n * 1000, direct["cpu"] / direct["events"] * 1000
    print(f"{len(events)} events at {args.rate:.0f}/s in {len(batches)} batches ({size:.1f} events per batch)")
    print(f"consumer loop: {loop_ms:.2f} ms CPU per event ({n} events after {WARM})")
    print(f"handle_batch alone, the same batches: {direct_ms:.2f} ms CPU per event")
    print(f"the loop's own: {loop_ms - direct_ms:.2f} ms per event")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
