"""Notify's statements and commits per case, counted (not timed), so the figure does not move with load.

    .venv/bin/python bench/notify_statements.py [--cases 200]

Each case is two events as routing and intake send them: ``case.received.v1`` (the reporter's SMS
receipt) and ``case.dispatched.v1`` to a community with two handlers (each an in-app message and an
SMS; the district gives the community no e-mail). Notify's handlers run each event in its own
transaction as the consumer runs them (the kit's inbox and ack statements, the same for every
service, are not counted); then the delivery worker's ``run_once`` is called until no delivery is
due, against a local SMS gateway and SMTP server. SQLAlchemy's ``before_cursor_execute`` and
``commit`` events on notify's engine count each phase's statements (an executemany is one) and
commits, on a fresh PostgreSQL database. CPU ms per case of each phase (this process, so the local SMS
gateway's and SMTP server's threads too) is a secondary figure that moves with the machine's load.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr
from scratch_db import drop, fresh_database
from sqlalchemy import func, select
from statement_counts import Tally

from minqing_contracts import PAYLOADS, new_envelope
from minqing_kit.sealing import generate_contact_keypair, seal_contact
from minqing_notify.adapters.tables import bus, deliveries
from minqing_notify.bootstrap import bootstrap
from minqing_notify.definition import DEFINITION
from minqing_notify.delivery import DeliveryWorker
from minqing_notify.subscriptions import subscriptions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from notify.receivers import HttpRecorder, SmtpServer  # noqa: E402

DISTRICT = """code: countville
name: 计数区
ticket_prefix: CV
streets: [{id: cv-s1, name: 街道, communities: [{id: cv-c1, name: 社区}]}]
people:
  - {id: cv-h1, name: 张三, unit: cv-c1, roles: [community_handler], contact: {phone: "13900000001"}}
  - {id: cv-h2, name: 李四, unit: cv-c1, roles: [community_handler], contact: {phone: "13900000002"}}
categories: [{code: other, name: 其他}]
deadlines: [{response: 1wd, resolution: 5wd}]
"""


def events(cases: int, public: str) -> list:
    received, dispatched = PAYLOADS["case.received.v1"], PAYLOADS["case.dispatched.v1"]
    out = []
    for i in range(cases):
        contact = seal_contact({"phone": f"138{i:08d}"}, public)
        for model, changes in (
            (received, {"ticket": f"CV-{i}", "contact_sealed": contact, "anonymous": False}),
            (dispatched, {"ticket": f"CV-{i}", "unit_id": "cv-c1", "unit_name": "社区", "category": "other"}),
        ):
            payload = model.model_validate({**model.EXAMPLE, **changes})
            out.append((new_envelope(payload, district="countville", producer="bench", case_id=f"c-{i}"), payload))
    return out


def daytime():
    """Real time moved to 10:00 in Shanghai today, so residents' quiet hours never hold the receipts."""
    now = datetime.now(UTC)
    offset = now.replace(hour=2, minute=0, second=0, microsecond=0) - now
    return lambda: datetime.now(UTC) + offset


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    http, smtp = HttpRecorder().start(), SmtpServer().start()
    directory = Path(tempfile.mkdtemp())
    (directory / "countville.yaml").write_text(DISTRICT, encoding="utf-8")
    private, public = generate_contact_keypair()
    url = fresh_database("bench_notify_count", DEFINITION.migrations)
    settings = DEFINITION.settings(
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": url,
            "DISTRICTS_DIR": str(directory),
            "SMS_GATEWAY_URL": f"{http.url}/sms",
            "SMS_GATEWAY_SECRET": "s",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp.port),
            "SMS_PER_RECIPIENT_PER_HOUR": "1000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    settings = settings.model_copy(update={"CONTACT_PRIVATE_KEY": SecretStr(private)})
    runtime = bootstrap(settings, clock=daytime())
    try:
        handlers = subscriptions(runtime)
        tally = Tally(runtime.db.engine)
        cpu = time.process_time()
        for envelope, payload in events(args.cases, public):
            with runtime.db.transaction() as session:
                handlers[type(payload)](session, envelope, payload)
        consumer, consumer_cpu = tally.read(), time.process_time() - cpu
        worker = DeliveryWorker(runtime)
        cpu = time.process_time()
        with ThreadPoolExecutor(settings.DELIVERY_CONCURRENCY) as pool:
            while worker.run_once(pool):
                pass
        delivery, delivery_cpu = tally.read(), time.process_time() - cpu
        with runtime.db.engine.connect() as connection:
            states = Counter(
                dict(connection.execute(select(deliveries.c.status, func.count()).group_by(deliveries.c.status)).all())
            )
            outbox = connection.execute(select(func.count()).select_from(bus.outbox)).scalar_one()
        print(f"{args.cases} cases, deliveries {dict(states)}, notification events in the outbox {outbox}")
        for name, (statements, commits), cpu in (
            ("consumer", consumer, consumer_cpu),
            ("delivery worker", delivery, delivery_cpu),
        ):
            print(
                f"{name:16s} statements/case {statements / args.cases:6.2f}  commits/case {commits / args.cases:6.2f}"
                f"  CPU ms/case {cpu / args.cases * 1000:6.2f} (this process, the gateway's threads included)"
            )
        print(f"worker outcomes {dict(worker.counts)}")
    finally:
        runtime.db.dispose()
        drop(url)
        http.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
