"""Two-hop chain on the real broker and PostgreSQL, each stage its own process:

    source outbox → relay → alpha consumer (inbox + effect + next outbox row) → relay → beta consumer (inbox + effect)

Phase 1 (saturation): N events written to the source outbox at once; events/s = N / time until the
last one is handled at beta. Phase 2 (paced): events written at a fixed rate; p50/p95/p99 of
end-to-end latency (source commit → beta commit).

    .venv/bin/python bench/backbone_chain.py --events 20000 --rate 500
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts")]

import psycopg  # noqa: E402
from backbone.harness import EVENT, NEXT_EVENT, make_service, payload  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from minqing_contracts import new_envelope  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/{}"


def _stage(kind: str, name: str, url: str, amqp: str, events, forward: bool, stop) -> None:
    service = make_service(name, url, forward=forward)
    worker = service.relay(amqp, batch_size=500) if kind == "relay" else service.consumer(amqp, events, prefetch=300)
    import threading

    threading.Thread(target=lambda: (stop.wait(), worker.stop()), daemon=True).start()
    worker.run()


def _count(service) -> int:
    return service.effect_count()


def _emit(service, count: int) -> None:
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        e = new_envelope(payload(ticket=f"B-{n}"), district="testville", producer="source", case_id=f"c{n}")
        rows.append(
            {
                "event_id": e.event_id,
                "event_type": e.type,
                "routing_key": e.routing_key,
                "body": e.to_json(),
                "created_at": now,
                "next_attempt_at": now,
                "attempts": 0,
            }
        )
    with service.db.transaction() as session:
        session.execute(insert(service.tables.outbox), rows)


def _latencies(source, beta, since: datetime) -> list[float]:
    outbox = source.tables.outbox
    with source.db.engine.connect() as c:
        created = dict(
            c.execute(select(outbox.c.event_id, outbox.c.created_at).where(outbox.c.created_at >= since)).all()
        )
    with beta.db.engine.connect() as c:
        handled = c.execute(select(beta.effects.c.correlation_id, beta.effects.c.handled_at)).all()
    return sorted((h - created[cid]).total_seconds() * 1000 for cid, h in handled if cid in created)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--rate", type=int, default=500, help="events/s in the paced phase")
    parser.add_argument("--paced-seconds", type=int, default=20)
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:6]
    vhost = f"minqing-bench-{tag}"
    import subprocess

    subprocess.run(["rabbitmqctl", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True, capture_output=True
    )
    amqp = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    dbs = {}
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        for name in ("source", "alpha", "beta"):
            dbs[name] = f"bench_{name}_{tag}"
            admin.execute(f'CREATE DATABASE "{dbs[name]}"')
    try:
        source, alpha, beta = (make_service(n, PG.format(dbs[n])) for n in ("source", "alpha", "beta"))
        for service, events in ((alpha, (EVENT,)), (beta, (NEXT_EVENT,))):
            service.consumer(amqp, events).declare()
        ctx = multiprocessing.get_context("spawn")
        stop = ctx.Event()
        stages = [
            ("relay", "source", (), False),
            ("consumer", "alpha", (EVENT,), True),
            ("relay", "alpha", (), False),
            ("consumer", "beta", (NEXT_EVENT,), False),
        ]
        _emit(source, args.events)
        started = time.perf_counter()
        procs = [
            ctx.Process(target=_stage, args=(k, n, PG.format(dbs[n]), amqp, ev, fw, stop)) for k, n, ev, fw in stages
        ]
        for p in procs:
            p.start()
        while _count(beta) < args.events:
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        print(
            f"saturation: {args.events} events through two hops in {elapsed:.1f} s = "
            f"{args.events / elapsed:,.0f} events/s (includes process start-up)"
        )
        base = _count(beta)
        paced = args.rate * args.paced_seconds
        t0, since = time.perf_counter(), datetime.now(UTC)
        sent = 0
        while sent < paced:
            due = int((time.perf_counter() - t0) * args.rate) - sent
            if due > 0:
                _emit(source, min(due, 200))
                sent += min(due, 200)
            time.sleep(0.005)
        while _count(beta) < base + paced:
            time.sleep(0.1)
        lat = _latencies(source, beta, since)
        q = statistics.quantiles(lat, n=100)
        print(
            f"paced at {args.rate}/s for {args.paced_seconds} s: end-to-end latency p50 {q[49]:.1f} ms, "
            f"p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms (n={len(lat)})"
        )
        stop.set()
        for p in procs:
            p.join(timeout=30)
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            for name in dbs.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
