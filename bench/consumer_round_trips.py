"""Routing's, evaluation's and intake's consumers fed fixed batches of the pipeline's events: statements,
commits, round trips and CPU per event, counted (not timed), on PostgreSQL (issue 20).

    .venv/bin/python bench/consumer_round_trips.py [--cases 500] [--batch 50] [--profile routing|evaluation|intake]

The events ``bench/pipeline.py`` sends through the real stack, made the same way each run (seed 1): intake's
``case.received.v1`` for web submissions at every building of xinlin and luwan (the district's keywords
classify ``bench/intake_submit.py``'s texts; a sealed contact each). Routing's consumer takes them through
``EventHandling.handle_batch`` in batches of ``--batch``, as its kombu loop hands it the messages waiting;
evaluation's then takes what its queue gets in the pipeline: each chunk of cases' ``case.received.v1``, then
the events routing's handlers wrote to routing's outbox for them (``case.dispatched.v1`` ...), the types
evaluation subscribes to, in batches of ``--batch``; intake's takes routing's events (its public view) for
the same cases, stored in its own database beforehand. Each on a fresh database of its own, dropped after.

Counted on each service's engine, from the second batch on (the first warms caches and the pool): statements
(``before_cursor_execute``; an executemany and each statement of a ``pipelined`` round trip count once),
commits, and round trips from libpq's trace of each connection (``bench/intake_round_trips.py``'s
``TracedTally``: every ``ReadyForQuery`` ends one exchange the client waited for, BEGIN and COMMIT
included). CPU ms per event in this process (handlers, SQLAlchemy, psycopg) is a secondary figure; the
PostgreSQL backend's CPU is not in it. ``--profile`` prints cProfile's top functions of that consumer.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from intake_submit import TEXTS
from scratch_db import drop, fresh_database
from sqlalchemy import insert, select
from statement_counts import TracedTally

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events import parse_payload
from minqing_contracts.events.base import Actor
from minqing_contracts.events.intake import CaseReceived, Classification, Location
from minqing_kit.consumer import EventHandling
from minqing_kit.orgconfig import load_district

ROOT = Path(__file__).resolve().parents[1]
DISTRICTS = ROOT / "config" / "districts"
DEMO = ("xinlin", "luwan")


def received_events(count: int, seed: int = 1) -> list[Envelope]:
    """``count`` case.received.v1 as intake writes them for web submissions across both demo districts."""
    rng = random.Random(seed)
    places = {}
    for code in DEMO:
        district = load_district(DISTRICTS / f"{code}.yaml")
        buildings = [b.address for s in district.streets for c in s.communities for g in c.grids for b in g.buildings]
        places[code] = (district, buildings)
    events = []
    for n in range(count):
        code = DEMO[n % len(DEMO)]
        district, buildings = places[code]
        text = f"{rng.choice(TEXTS)}(第{rng.randrange(10**6)}号)"
        category, word = next(
            ((c.code, k) for c in district.categories for k in c.keywords if k in text),
            (district.categories[0].code, None),
        )
        payload = CaseReceived(
            ticket=f"{district.ticket_prefix}-BENCH-{n:06d}",
            channel="web",
            content=text,
            classification=Classification(
                category=category, confidence=0.9 if word else 0.3, rule=f"keyword:{word}" if word else "default"
            ),
            location=Location(address=rng.choice(buildings)),
            first_contact=Actor(kind="resident"),
            contact_sealed="b64:" + "A" * 120,  # routing and evaluation never open it: whether there is one
            received_at=datetime.now(UTC),
        )
        events.append(new_envelope(payload, district=code, producer="intake", case_id=str(uuid.uuid4())))
    return events


def service(name: str, url: str):
    """The service's runtime and its consumer's EventHandling, as ``minqing-<name> consumer`` builds them."""
    module = __import__(f"minqing_{name}.definition", fromlist=["DEFINITION"])
    definition = module.DEFINITION
    settings = definition.settings(
        {"MINQING_ENV": "development", "DATABASE_URL": url, "DISTRICTS_DIR": str(DISTRICTS), "LOG_LEVEL": "WARNING"}
    )
    runtime = definition.bootstrap(settings)
    handling = EventHandling(definition.name, runtime.db, definition.tables, definition.subscriptions(runtime))
    return runtime, handling


def feed(handling: EventHandling, events: list[Envelope], batch: int, profile: bool, traced: bool = True) -> dict:
    """Every event through ``handle_batch``, ``batch`` at a time; the figures of all batches but the first.
    ``traced=False``: no libpq trace (whose writes cost CPU in this process), so no round trips counted."""
    items = [(e, parse_payload(e.type, e.payload)) for e in events]
    batches = [items[i : i + batch] for i in range(0, len(items), batch)]
    outcomes = [o.status for o in handling.handle_batch(batches[0])]  # warm: caches, compiled statements, pool
    tally = TracedTally(handling.db.engine, Path(tempfile.mkdtemp()), trace=traced)
    handling.db.engine.dispose()  # reconnect, so that every connection below is traced
    handling.db.ping()
    tally.read_all()
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU time, as the figure
    cpu = time.process_time()
    if profiler:
        profiler.enable()
    for chunk in batches[1:]:
        outcomes += [o.status for o in handling.handle_batch(chunk)]
    if profiler:
        profiler.disable()
    cpu = time.process_time() - cpu
    statements, commits, trips = tally.read_all()
    n = sum(len(chunk) for chunk in batches[1:])
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return {
        "events": n,
        "statements": statements / n,
        "commits": commits / n,
        "trips": trips / n,
        "cpu_ms": cpu / n * 1000,
        "outcomes": {s: outcomes.count(s) for s in sorted(set(outcomes))},
    }


def routing_outbox(runtime) -> dict[str, list[Envelope]]:
    """The events routing's handlers wrote, per case, in the order written."""
    outbox = runtime.outbox.table
    with runtime.db.engine.connect() as connection:
        bodies = connection.execute(select(outbox.c.body).order_by(outbox.c.id)).scalars().all()
    by_case: dict[str, list[Envelope]] = {}
    for body in bodies:
        envelope = Envelope.model_validate(json.loads(body))
        by_case.setdefault(envelope.case_id, []).append(envelope)
    return by_case


def evaluation_stream(received: list[Envelope], written: dict[str, list[Envelope]], chunk: int) -> list[Envelope]:
    """Evaluation's queue in the pipeline: a chunk of cases' receipts, then routing's events for them."""
    stream: list[Envelope] = []
    for i in range(0, len(received), chunk):
        cases = received[i : i + chunk]
        stream += cases
        stream += [e for case in cases for e in written.get(case.case_id, [])]
    return stream


def intake_cases(runtime, received: list[Envelope]) -> None:
    """The cases as intake stored them when it accepted them (what its consumer's handlers read and move)."""
    from minqing_intake.adapters.tables import cases

    rows = [
        {
            "id": e.case_id,
            "district": e.district,
            "ticket": e.payload["ticket"],
            "channel": "web",
            "content": e.payload["content"],
            "category": e.payload["classification"]["category"],
            "status": "received",
            "received_at": e.occurred_at,
            "updated_at": e.occurred_at,
        }
        for e in received
    ]
    with runtime.db.transaction() as session:
        session.execute(insert(cases), rows)


def report(name: str, f: dict) -> None:
    print(
        f"{name:<10} {f['events']} events: per event statements {f['statements']:.2f}  commits {f['commits']:.3f}  "
        f"round trips {f['trips']:.2f}  CPU {f['cpu_ms']:.2f} ms (this process)  outcomes {f['outcomes']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--batch", type=int, default=50, help="events per handle_batch (the consumer's CONSUMER_BATCH)")
    parser.add_argument("--profile", choices=("routing", "evaluation", "intake"))
    parser.add_argument(
        "--no-trace", action="store_true", help="no libpq trace (its file writes cost CPU here): no round trips"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("minqing_routing").setLevel(logging.WARNING)
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    received = received_events(args.cases)
    services = ("routing", "evaluation", "intake")
    urls = {name: fresh_database(f"bench_consumer_{name}", _migrations(name)) for name in services}
    runtimes = []
    try:
        routing, handling = service("routing", urls["routing"])
        runtimes.append(routing)
        report("routing", feed(handling, received, args.batch, args.profile == "routing", not args.no_trace))
        written = routing_outbox(routing)
        evaluation, handling = service("evaluation", urls["evaluation"])
        runtimes.append(evaluation)
        stream = evaluation_stream(received, written, max(1, args.batch // 2))
        types = sorted({e.type for e in stream if type(parse_payload(e.type, e.payload)) in handling.handlers})
        report("evaluation", feed(handling, stream, args.batch, args.profile == "evaluation", not args.no_trace))
        print(f"evaluation's stream: {len(stream)} events, {len(stream) / args.cases:.2f} per case; handled: {types}")
        intake, handling = service("intake", urls["intake"])
        runtimes.append(intake)
        intake_cases(intake, received)
        stream = [e for case in received for e in written.get(case.case_id, []) if e.type in handling.event_types]
        report("intake", feed(handling, stream, args.batch, args.profile == "intake", not args.no_trace))
        print(f"intake's stream: {len(stream)} events, {len(stream) / args.cases:.2f} per case")
    finally:
        for runtime in runtimes:
            runtime.db.dispose()
        for url in urls.values():
            drop(url)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


def _migrations(name: str):
    return __import__(f"minqing_{name}.definition", fromlist=["DEFINITION"]).DEFINITION.migrations


if __name__ == "__main__":
    sys.exit(main())
