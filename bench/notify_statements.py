"""Notify's statements and commits per case, counted (not timed), so the figure does not move with load.

    .venv/bin/python bench/notify_statements.py [--cases 200] [--district demo] [--batch 50] [--profile 25]

Each case is two events as routing and intake send them: ``case.received.v1`` (the reporter's SMS
receipt) and ``case.dispatched.v1``. ``--district countville`` (the default): a community with two
handlers (each an in-app message and an SMS; the district gives the community no e-mail).
``--district demo``: the demo districts of ``config/districts`` that ``bench/pipeline.py`` runs, a case at
every building in turn, with what intake's web form puts in the receipt (a phone and the tracking
secret sealed, the grid, a resident as first contact), dispatched to the grid's community (its handler's
in-app message and the reporter's SMS; the demo staff have no phone, the units no robot).

The consumer's phase decodes each message's JSON body as the consumer does and hands the events to
``EventHandling.handle_batch`` in the stream's order, ``--batch`` at a time (the consumer's
``CONSUMER_BATCH``; a receipt is followed by the dispatch of the case ``LAG`` cases earlier, as the two
producers interleave on notify's queue), the inbox claim and commit included: its statements per case
are what the consumer sends. Then the delivery worker's ``run_once`` is called until no delivery is
due, against a local SMS gateway and SMTP server. SQLAlchemy's ``before_cursor_execute`` and ``commit``
events on notify's engine count each phase's statements (an executemany is one) and commits, on a fresh
PostgreSQL database. CPU ms per case of each phase (this process, so the local SMS gateway's and SMTP
server's threads too) is a secondary figure that moves with the machine's load; ``--profile N`` prints
the consumer phase's N most expensive functions (cProfile timed by CPU, not wall clock, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from scratch_db import drop, fresh_database
from sqlalchemy import func, select
from statement_counts import Tally

from minqing_contracts import PAYLOADS, new_envelope
from minqing_kit.consumer import EventHandling
from minqing_kit.orgconfig import load_districts
from minqing_kit.sealing import generate_contact_keypair, seal_contact
from minqing_notify.adapters.tables import bus, deliveries
from minqing_notify.bootstrap import bootstrap
from minqing_notify.definition import DEFINITION
from minqing_notify.delivery import DeliveryWorker
from minqing_notify.subscriptions import subscriptions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from notify.receivers import HttpRecorder, SmtpServer  # noqa: E402

LAG = 10  # a dispatch reaches notify about this many receipts after its own
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


def countville_places(directory: Path) -> list[dict]:
    (directory / "countville.yaml").write_text(DISTRICT, encoding="utf-8")
    return [{"district": "countville", "unit_id": "cv-c1", "unit_name": "社区", "address": "计数路1号", "grid": None}]


def demo_places() -> list[dict]:
    """Every building of the demo districts, with its grid and the community a dispatch goes to."""
    return [
        {"district": code, "unit_id": c.id, "unit_name": c.name, "address": b.address, "grid": g.code}
        for code, d in sorted(load_districts(ROOT / "config" / "districts").items())
        for s in d.streets
        for c in s.communities
        for g in c.grids
        for b in g.buildings
    ]


def case_events(i: int, place: dict, public: str) -> tuple:
    received, dispatched = PAYLOADS["case.received.v1"], PAYLOADS["case.dispatched.v1"]
    ticket, at = f"T-{i:06d}", datetime.now(UTC)
    contact = seal_contact({"phone": f"139{i:08d}", "tracking_secret": f"secret-{i:06d}-abcdefgh"}, public)
    receipt = {
        "ticket": ticket,
        "content": f"小区门前垃圾三天没人清运,气味很大(第{i}号)",
        "classification": {"category": "environment", "confidence": 0.82, "rule": "keyword:垃圾"},
        "location": {"address": place["address"], "grid_code": place["grid"]},
        "contact_sealed": contact,
        "received_at": at.isoformat(),
    }
    dispatch = {
        "ticket": ticket,
        "unit_id": place["unit_id"],
        "unit_name": place["unit_name"],
        "level": "community",
        "category": "environment",
        "response_deadline": (at + timedelta(days=1)).isoformat(),
        "resolution_deadline": (at + timedelta(days=7)).isoformat(),
        "acceptance_deadline": (at + timedelta(hours=2)).isoformat(),
    }
    return tuple(
        new_envelope(
            model.model_validate({**model.EXAMPLE, **changes}),
            district=place["district"],
            producer="bench",
            case_id=f"case-{i:06d}",
        ).to_json()
        for model, changes in ((received, receipt), (dispatched, dispatch))
    )


def stream(cases: int, places: list[dict], public: str) -> list[str]:
    """The JSON bodies on notify's queue: each receipt, then the dispatch of the case LAG receipts before."""
    pairs = [case_events(i, places[i % len(places)], public) for i in range(cases)]
    bodies = []
    for i, (receipt, _) in enumerate(pairs):
        bodies.append(receipt)
        if i >= LAG:
            bodies.append(pairs[i - LAG][1])
    return bodies + [dispatch for _, dispatch in pairs[max(0, cases - LAG) :]]


def daytime():
    """Real time moved to 10:00 in Shanghai today, so residents' quiet hours never hold the receipts."""
    now = datetime.now(UTC)
    offset = now.replace(hour=2, minute=0, second=0, microsecond=0) - now
    return lambda: datetime.now(UTC) + offset


def consume(handling: EventHandling, bodies: list[str], batch: int) -> Counter:
    outcomes: Counter = Counter()
    for start in range(0, len(bodies), batch):
        items = [handling.decode(body) for body in bodies[start : start + batch]]
        outcomes.update(outcome.status for outcome in handling.handle_batch(items))
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--district", choices=("countville", "demo"), default="countville")
    parser.add_argument("--batch", type=int, default=50, help="events per consumer transaction")
    parser.add_argument("--profile", type=int, default=0, help="print the consumer's N costliest functions")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    http, smtp = HttpRecorder().start(), SmtpServer().start()
    directory = Path(tempfile.mkdtemp())
    places = demo_places() if args.district == "demo" else countville_places(directory)
    private, public = generate_contact_keypair()
    url = fresh_database("bench_notify_count", DEFINITION.migrations)
    settings = DEFINITION.settings(
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": url,
            "DISTRICTS_DIR": str(ROOT / "config" / "districts") if args.district == "demo" else str(directory),
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
        handling = EventHandling(DEFINITION.name, runtime.db, DEFINITION.tables, subscriptions(runtime))
        bodies = stream(args.cases, places, public)
        with runtime.db.transaction() as session:  # the engine's first connection, not counted
            session.execute(select(1))
        tally = Tally(runtime.db.engine)
        profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall
        cpu = time.process_time()
        if profile:
            profile.enable()
        outcomes = consume(handling, bodies, args.batch)
        if profile:
            profile.disable()
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
        print(
            f"{args.cases} cases ({args.district}), events {dict(outcomes)} in batches of {args.batch}, "
            f"deliveries {dict(states)}, notification events in the outbox {outbox}"
        )
        for name, (statements, commits), cpu in (
            ("consumer", consumer, consumer_cpu),
            ("delivery worker", delivery, delivery_cpu),
        ):
            print(
                f"{name:16s} statements/case {statements / args.cases:6.2f}  commits/case {commits / args.cases:6.2f}"
                f"  CPU ms/case {cpu / args.cases * 1000:6.2f} (this process, the gateway's threads included)"
            )
        print(f"worker outcomes {dict(worker.counts)}")
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    finally:
        runtime.db.dispose()
        drop(url)
        http.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
