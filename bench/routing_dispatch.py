"""case.received → case.dispatched through the real broker: throughput (cases/s) with a backlog, and
latency (p50/p99) at a steady rate, with ``minqing-routing consumer`` and ``relay`` as processes.

    .venv/bin/python bench/routing_dispatch.py [--count 2000] [--rate 25] [--paced 500]

Needs RabbitMQ on 127.0.0.1:5672 with rabbitmqctl (a throwaway vhost) and PostgreSQL on
127.0.0.1:5432 (a throwaway database). Cases are located by address (exact, alias or fuzzy match on
the test district's registry) and carry the full dispatch: deadlines, timers, audit row, outbox.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import amqp
import kombu
import psycopg
from kombu import Exchange, Queue

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from routing.harness import received  # noqa: E402

from minqing_contracts.topology import EXCHANGE  # noqa: E402
from minqing_kit.migrations import upgrade  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402
from support.broker import MachineBroker  # noqa: E402

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
CLI = Path(sys.executable).parent / "minqing-routing"
ADDRESSES = ["山城区幸福路1号楼", "幸福路一号楼", "山城区和平路8号门口", "山城区西三路3号", "山城区幸福路2号楼"]


class Arrivals(threading.Thread):
    """Consumes case.dispatched.v1 and notes when each case's first one arrived."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.seen, self.stopping = url, {}, threading.Event()
        self.queue = Queue(
            "bench.dispatched",
            Exchange(EXCHANGE, type="topic", durable=True),
            routing_key="*.case.dispatched.v1",
            durable=True,
        )

    def run(self) -> None:
        import json

        def on_message(body, message):
            self.seen.setdefault(json.loads(message.body)["case_id"], time.time())
            message.ack()

        while not self.stopping.is_set():
            try:
                with (
                    kombu.Connection(self.url) as connection,
                    connection.Consumer(self.queue, callbacks=[on_message], accept=["json", "application/json"]),
                ):
                    while not self.stopping.is_set():
                        try:
                            connection.drain_events(timeout=0.2)
                        except TimeoutError:
                            pass
            except Exception as exc:  # a cancelled consumer or lost connection: consume again
                print(f"arrivals: {type(exc).__name__}: {exc}; reconnecting", file=sys.stderr)
                time.sleep(0.2)

    def ready(self) -> None:
        with kombu.Connection(self.url) as connection:
            self.queue(connection.channel()).declare()


def publish_all(url: str, envelopes, rate: float | None) -> dict[str, float]:
    """Publish without waiting message by message, then wait until the broker has confirmed them all:
    a connection closed with confirms outstanding can lose the last messages."""
    sent, confirmed = {}, [0]
    with kombu.Connection(url) as connection:
        channel = connection.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(lambda tag, multiple: confirmed.__setitem__(0, max(confirmed[0], tag)))
        started = time.time()
        for n, e in enumerate(envelopes):
            if rate:
                time.sleep(max(0.0, started + n / rate - time.time()))
            sent[e.case_id] = time.time()
            channel.basic_publish(
                amqp.Message(
                    e.to_json(), message_id=e.event_id, type=e.type, delivery_mode=2, content_type="application/json"
                ),
                exchange=EXCHANGE,
                routing_key=e.routing_key,
            )
        while confirmed[0] < len(sent):  # tags count from 1; one queue, so the last tag confirmed means all are
            connection.drain_events(timeout=30)
    return sent


def wait_all(arrivals: Arrivals, sent: dict[str, float], timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while not all(c in arrivals.seen for c in sent):
        if time.time() > deadline:
            raise SystemExit(f"only {sum(c in arrivals.seen for c in sent)} of {len(sent)} dispatched")
        time.sleep(0.05)


def cases(count: int, tag: str):
    return [received(f"HT-{tag}-{n:06d}", address=ADDRESSES[n % len(ADDRESSES)]) for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--paced", type=int, default=500)
    args = parser.parse_args()
    broker, name = MachineBroker(), f"bench_routing_dispatch_{uuid.uuid4().hex[:6]}"
    url = broker.new_vhost()
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "AMQP_URL": url,
        "LOG_LEVEL": "WARNING",
        "DISTRICTS_DIR": str(ROOT / "tests/routing/districts"),
        "RELAY_IDLE_SECONDS": "0.01",
    }
    processes, arrivals = [], None
    try:
        upgrade(DEFINITION.migrations, database)
        subprocess.run([str(CLI), "declare"], env=env, check=True)
        arrivals = Arrivals(url)
        arrivals.ready()
        arrivals.start()
        processes = [subprocess.Popen([str(CLI), kind], env=env) for kind in ("consumer", "relay")]
        publish_all(url, cases(50, "WARM"), None)  # warm up: imports, connections, prepared statements
        time.sleep(3)
        burst = publish_all(url, cases(args.count, "BURST"), None)
        wait_all(arrivals, burst)
        elapsed = max(arrivals.seen[c] for c in burst) - min(burst.values())
        print(
            f"backlog of {args.count}: {args.count / elapsed:,.0f} cases/s "
            f"(all dispatched {elapsed:.1f} s after the first was published)"
        )
        paced = publish_all(url, cases(args.paced, "PACED"), args.rate)
        wait_all(arrivals, paced)
        latencies = sorted((arrivals.seen[c] - t) * 1000 for c, t in paced.items())
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        print(
            f"steady {args.rate:g} cases/s × {args.paced}: latency p50 {statistics.median(latencies):.0f} ms, "
            f"p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms (received published → dispatched consumed)"
        )
    finally:
        if arrivals is not None:
            arrivals.stopping.set()
            arrivals.join(timeout=10)
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        broker.drop_vhost(url)
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
