"""Notify benchmark: notifications/s per channel against local receivers, and with injected failures.

    .venv/bin/python bench/notify_throughput.py [--per-channel 1000] [--email 300] [--events 500]

1. Per channel: N pending deliveries (to staff, from a synthetic district) are sent by one delivery
   worker (DELIVERY_CONCURRENCY threads; SMS and e-mail spread over 50 people) on PostgreSQL against
   local receivers: an HTTP SMS gateway,
   WeCom and DingTalk robot endpoints (one local HTTP server), a real SMTP server (aiosmtpd), and the
   in-app inbox. Time from start until every row is sent, with its notification.sent outbox row.
2. The same for SMS with 10 % of gateway answers a 500: every failed attempt is retried with backoff
   (base 0.05 s here) until sent; prints the rate and the retries.
3. End to end: --events case.received.v1 events with sealed contacts published to RabbitMQ, through
   notify's consumer (planning), the delivery worker and the relay; time until every SMS is sent.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pika
from pydantic import SecretStr
from scratch_db import drop, fresh_database
from sqlalchemy import func, insert, select

from minqing_contracts import PAYLOADS, new_envelope
from minqing_kit.sealing import generate_contact_keypair, seal_contact
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_notify.adapters.tables import deliveries
from minqing_notify.bootstrap import bootstrap
from minqing_notify.definition import DEFINITION
from minqing_notify.delivery import DeliveryWorker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from notify.receivers import HttpRecorder, SmtpServer  # noqa: E402

DISTRICT = """code: benchville
name: 压测区
ticket_prefix: BV
streets: [{id: bv-s1, name: 街道, communities: [{id: bv-c1, name: 社区}]}]
units:
  - {id: bv-u1, name: 城管局, contact: {wecom_webhook: "%(url)s/wecom", dingtalk_webhook: "%(url)s/dingtalk"}}
people:
%(people)s
categories: [{code: other, name: 其他}]
deadlines: [{response: 1wd, resolution: 5wd}]
notifications: {dingtalk_secrets: {bv-u1: SECbench}}
"""
PEOPLE = 50  # SMS are sent one at a time per phone (the hourly limit is counted exactly), so spread them
PERSON = (
    "  - {id: bv-h%(i)d, name: 员工, unit: bv-c1, roles: [community_handler], "
    'contact: {phone: "139%(i)08d", email: h%(i)d@example.org}}'
)


def recipient(channel: str, i: int) -> tuple[str, str]:
    return ("unit", "bv-u1") if channel in ("wecom", "dingtalk") else ("handler", f"bv-h{i % PEOPLE}")


def vhost() -> tuple[str, str]:
    name = f"bench-notify-{uuid.uuid4().hex[:6]}"
    subprocess.run(["rabbitmqctl", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"], check=True, capture_output=True
    )
    return name, f"amqp://guest:guest@127.0.0.1:5672/{name}"


def seed(runtime, channel: str, count: int) -> None:
    now = datetime.now(UTC)
    rows = [
        dict(
            id=str(uuid.uuid4()),
            district="benchville",
            case_id=f"c-{i}",
            ticket=f"BV-{i}",
            source_event_id=str(uuid.uuid4()),
            source_event_type="case.dispatched.v1",
            recipient_kind=recipient(channel, i)[0],
            recipient_ref=recipient(channel, i)[1],
            recipient_key=f"{recipient(channel, i)[1]}:{i}",
            channel=channel,
            template="case_assigned",
            title=f"新派单 BV-{i}",
            body=f"【压测区】城管局收到新派单BV-{i}（其他）。请尽快签收。",
            segments=1,
            urgent=False,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        for i in range(count)
    ]
    with runtime.db.transaction() as session:
        session.execute(insert(deliveries), rows)


def count(runtime, **where) -> int:
    query = select(func.count()).select_from(deliveries)
    for name, value in where.items():
        query = query.where(deliveries.c[name] == value)
    with runtime.db.engine.connect() as connection:
        return connection.execute(query).scalar_one()


def wait_settled(runtime, total: int, timeout: float = 120.0) -> float:
    started = time.perf_counter()
    while count(runtime, status="sent") + count(runtime, status="failed") < total:
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"not settled after {timeout}s")
        time.sleep(0.02)
    return time.perf_counter() - started


def run_channel(settings, channel: str, n: int, http: HttpRecorder) -> tuple[float, int]:
    url = fresh_database("bench_notify", DEFINITION.migrations)
    runtime = bootstrap(settings.model_copy(update={"DATABASE_URL": url}))
    try:
        seed(runtime, channel, n)
        worker = DeliveryWorker(runtime)
        before = len(http.requests)
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        elapsed = wait_settled(runtime, n)
        worker.stop()
        thread.join()
        retries = len(http.requests) - before - n if channel in ("sms", "wecom", "dingtalk") else 0
        return n / elapsed, max(0, retries)
    finally:
        runtime.db.dispose()
        drop(runtime.settings.DATABASE_URL)


def run_end_to_end(settings, events: int, amqp_url: str) -> float:
    private, public = generate_contact_keypair()
    url = fresh_database("bench_notify", DEFINITION.migrations)
    settings = settings.model_copy(
        update={"DATABASE_URL": url, "AMQP_URL": amqp_url, "CONTACT_PRIVATE_KEY": SecretStr(private)}
    )
    runtime = bootstrap(settings)
    try:
        declare(DEFINITION, settings, runtime)
        model = PAYLOADS["case.received.v1"]
        payloads = [
            model.model_validate(
                {**model.EXAMPLE, "ticket": f"BV-{i}", "contact_sealed": seal_contact({"phone": f"138{i:08d}"}, public)}
            )
            for i in range(events)
        ]
        envelopes = [
            new_envelope(payload, district="benchville", producer="intake", case_id=f"c-{i}")
            for i, payload in enumerate(payloads)
        ]
        workers = [
            build_consumer(DEFINITION, settings, runtime),
            build_relay(DEFINITION, settings, runtime.db),
            DeliveryWorker(runtime),
        ]
        threads = [threading.Thread(target=w.run, daemon=True) for w in workers]
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        channel = connection.channel()
        channel.queue_declare("bench.notifications")  # a subscriber to notify's own events, so they route
        channel.queue_bind("bench.notifications", "minqing.events", "*.notification.*.v1")
        started = time.perf_counter()
        for envelope in envelopes:
            channel.basic_publish(
                "minqing.events",
                envelope.routing_key,
                envelope.to_json().encode(),
                pika.BasicProperties(message_id=envelope.event_id, delivery_mode=2),
            )
        connection.close()
        for thread in threads:
            thread.start()
        planned_at = None
        while count(runtime, status="sent") < events:
            if planned_at is None and count(runtime) == events:
                planned_at = time.perf_counter() - started
            if time.perf_counter() - started > 120:
                raise SystemExit("end to end not settled after 120 s")
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        print(
            f"  all {events} deliveries planned by the consumer after {planned_at or elapsed:.1f} s, "
            f"all sent after {elapsed:.1f} s"
        )
        for worker in workers:
            worker.stop()
        for thread in threads:
            thread.join()
        return events / elapsed
    finally:
        runtime.db.dispose()
        drop(url)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-channel", type=int, default=1000)
    parser.add_argument("--email", type=int, default=300)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--only-end-to-end", action="store_true")
    args = parser.parse_args()
    http, smtp = HttpRecorder().start(), SmtpServer().start()
    directory = Path(tempfile.mkdtemp())
    people = "\n".join(PERSON % {"i": i} for i in range(PEOPLE))
    (directory / "benchville.yaml").write_text(DISTRICT % {"url": http.url, "people": people}, encoding="utf-8")
    name, amqp_url = vhost()
    settings = DEFINITION.settings(
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": "sqlite://",
            "DISTRICTS_DIR": str(directory),
            "SMS_GATEWAY_URL": f"{http.url}/sms",
            "SMS_GATEWAY_SECRET": "s",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp.port),
            "SMS_PER_RECIPIENT_PER_HOUR": "1000000",
            "DELIVERY_BACKOFF_SECONDS": "0.05",
            "DELIVERY_IDLE_SECONDS": "0.01",
            "DELIVERY_MAX_ATTEMPTS": "10",
            "LOG_LEVEL": "WARNING",
            "RELAY_IDLE_SECONDS": "0.01",
        }
    )
    import logging

    logging.basicConfig(level=logging.WARNING)
    print(f"delivery worker: concurrency {settings.DELIVERY_CONCURRENCY}, batch {settings.DELIVERY_BATCH_SIZE}")
    try:
        for channel in () if args.only_end_to_end else ("sms", "wecom", "dingtalk", "inapp", "email"):
            n = args.email if channel == "email" else args.per_channel
            rate, _ = run_channel(settings, channel, n, http)
            print(f"{channel:9s} {n:5d} notifications  {rate:8.1f} /s")
        if not args.only_end_to_end:
            rng = random.Random(7)
            http.answer = lambda path, raw: (
                (500, {"message": "injected"}) if rng.random() < 0.10 else (200, {"message_id": "m", "errcode": 0})
            )
            rate, retries = run_channel(settings, "sms", args.per_channel, http)
            print(f"sms, 10 % gateway 500s: {args.per_channel} notifications  {rate:8.1f} /s  ({retries} retries)")
            http.answer = None
        rate = run_end_to_end(settings, args.events, amqp_url)
        print(
            f"end to end (broker -> consumer -> worker -> gateway, + relay): {args.events} case.received  "
            f"{rate:8.1f} SMS/s"
        )
    finally:
        http.stop()
        smtp.stop()
        subprocess.run(["rabbitmqctl", "delete_vhost", name], capture_output=True)


if __name__ == "__main__":
    main()
