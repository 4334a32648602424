"""Evaluation benchmark: event ingestion through the real handlers, and rates/ranking query latency.

    .venv/bin/python bench/evaluation_ingest.py [--ingest-seconds 60] [--cases 1000000] [--batch 50]
        [--stored N] [--no-queries]

1. Ingestion: synthetic cases' events (received, dispatched, sometimes returned and re-dispatched,
   accepted, resolved — a resolution also opens a follow-up and writes its outbox row) fed through
   ``EventHandling.handle_batch`` in batches of ``--batch`` events per transaction, as the consumer
   does with the messages waiting (``--batch 1``: one transaction per event), on PostgreSQL,
   in-process (no broker), for a fixed time; prints events/s, cases/s, statements per event and CPU per
   event, of this process and of its PostgreSQL backends (by pid, from /proc: the machine's other work
   does not count). ``--stored N``: first N cases are stored as ingest leaves them (1,000 template cases
   ingested through the same handlers and their follow-ups expired, then copied in SQL:
   tests/evaluation/stored_cases.py), VACUUM ANALYZEd, so that the stream's cost can be compared at
   10,000 and 1,000,000 cases stored (issue 20: "cost flat with data").
2. Queries: a synthetic district of 20 streets x 15 communities + 40 departments; the day counters
   that --cases cases over one year produce are loaded directly (COPY), then rates and rankings are
   requested through the Flask app (HTTP layer included, no network) and p50/p99 printed. With
   ``--stored N`` the queries run instead on the ingest's database: the N cases stored and the stream's,
   every counter row as the handlers (and ``stored_cases``' rebuild from their contributions) left it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import yaml
from process_cpu import Backends, cpu_seconds
from scratch_db import drop, fresh_database
from sqlalchemy import event as sql_event

from minqing_contracts import PAYLOADS, Envelope
from minqing_evaluation import followups
from minqing_evaluation.adapters.tables import METRICS, bus
from minqing_evaluation.bootstrap import bootstrap
from minqing_evaluation.definition import DEFINITION
from minqing_evaluation.subscriptions import subscriptions
from minqing_evaluation.web import create_app
from minqing_kit.consumer import EventHandling

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from evaluation.stored_cases import TABLES, clone  # noqa: E402

TEMPLATES = 1000  # cases ingested for real before ``--stored`` copies them


def big_district(directory: Path) -> list[str]:
    base = yaml.safe_load((ROOT / "config/districts/xinlin.yaml").read_text(encoding="utf-8"))
    base.update(
        code="bigtown", name="大城区", ticket_prefix="BT", people=[], dispatch_rules=[], bounds=None, agreements=[]
    )
    base["streets"] = [
        {
            "id": f"bt-s{s}",
            "name": f"街道{s}",
            "communities": [{"id": f"bt-s{s}-c{c}", "name": f"社区{s}-{c}"} for c in range(15)],
        }
        for s in range(20)
    ]
    base["units"] = [{"id": f"bt-d{d}", "name": f"部门{d}"} for d in range(40)]
    (directory / "bigtown.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    return [c["id"] for s in base["streets"] for c in s["communities"]] + [u["id"] for u in base["units"]]


def event(event_type: str, case_id: str, at: datetime, **changes) -> Envelope:
    model = PAYLOADS[event_type]
    payload = model.model_validate({**model.EXAMPLE, **changes}).model_dump(mode="json")
    return Envelope(
        event_id=str(uuid.uuid4()),
        type=event_type,
        occurred_at=at,
        district="bigtown",
        case_id=case_id,
        correlation_id=case_id,
        producer=model.PRODUCER,
        payload=payload,
    )


def case_events(i: int, units: list[str], rng: random.Random, prefix: str = "b") -> list[Envelope]:
    case_id, start = f"{prefix}{i}", datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(525_000))
    unit = rng.choice(units)
    level = "department" if "-d" in unit else "community"
    ref = {"ticket": f"BT-{i}", "unit_id": unit, "unit_name": unit, "level": level}
    out = [
        event("case.received.v1", case_id, start, ticket=f"BT-{i}"),
        event("case.dispatched.v1", case_id, start + timedelta(hours=1), **ref),
    ]
    if rng.random() < 0.1:
        out.append(event("case.returned.v1", case_id, start + timedelta(hours=2), **ref))
        unit = rng.choice(units)
        ref = {**ref, "unit_id": unit, "unit_name": unit}
        out.append(event("case.dispatched.v1", case_id, start + timedelta(hours=3), **ref))
    out += [
        event(
            "case.accepted.v1", case_id, start + timedelta(hours=4), within_response_deadline=rng.random() < 0.8, **ref
        ),
        event("case.resolved.v1", case_id, start + timedelta(days=3), on_time=rng.random() < 0.7, **ref),
    ]
    return out


def blocks(url: str) -> tuple[int, int]:
    """The database's blocks read into and found in PostgreSQL's shared buffers so far (pg_stat_database:
    a backend's counts arrive when it commits a second after its last report, or when it exits)."""
    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        query = "SELECT blks_read, blks_hit FROM pg_stat_database WHERE datname = current_database()"
        read, hit = connection.execute(query).fetchone()
    return read, hit


def store(settings, units: list[str], count: int, batch: int) -> None:
    """``count`` cases stored as ingest leaves them: TEMPLATES cases ingested, their follow-ups expired
    unanswered (60 days on), then copied (``stored_cases.clone``), VACUUM ANALYZEd."""
    templates = min(TEMPLATES, count)
    later = [timedelta(0)]  # the expiry job's clock: 60 days on
    runtime = bootstrap(settings, clock=lambda: datetime.now(UTC) + later[0])
    handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
    rng, pending = random.Random(3), []
    for i in range(templates):
        pending += [(e, handling.decode(e.to_json())[1]) for e in case_events(i, units, rng, prefix="t")]
    for start in range(0, len(pending), batch):
        handling.handle_batch(pending[start : start + batch])
    later[0] = timedelta(days=60)
    while followups.expire_due(runtime):
        pass
    with runtime.db.engine.begin() as connection:
        clone(connection, count // templates)
    with runtime.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in TABLES:
            connection.exec_driver_sql(f"VACUUM ANALYZE {table}")
        sizes = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES}
        total = connection.exec_driver_sql("SELECT pg_size_pretty(pg_database_size(current_database()))").scalar()
    runtime.db.dispose()
    print(f"stored: {sizes}, database {total}")


def ingest(settings, units: list[str], seconds: float, batch: int) -> None:
    runtime = bootstrap(settings)
    backends = Backends(runtime.db.engine)
    handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
    statements = [0]  # every statement sent to PostgreSQL, the inbox claim and the commit's outbox included
    sql_event.listen(
        runtime.db.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1)
    )
    rng, events, cases, pending = random.Random(1), 0, 0, []
    runtime.db.ping()  # the pool's connection (and its backend) opened before the clocks start
    before = blocks(settings.DATABASE_URL)
    started, cpu, backend_cpu = time.perf_counter(), cpu_seconds(os.getpid()), backends.cpu()
    while time.perf_counter() - started < seconds:
        pending += [(envelope, handling.decode(envelope.to_json())[1]) for envelope in case_events(cases, units, rng)]
        cases += 1
        while len(pending) >= batch:
            handling.handle_batch(pending[:batch])
            events, pending = events + batch, pending[batch:]
    elapsed = time.perf_counter() - started
    cpu, backend_cpu = cpu_seconds(os.getpid()) - cpu, backends.cpu() - backend_cpu
    runtime.db.dispose()  # its backend exits and reports its block counts
    time.sleep(1)
    read, hit = (after - first for after, first in zip(blocks(settings.DATABASE_URL), before, strict=True))
    per_event = 1000 / max(1, events)
    print(
        f"ingest: {events} events of {cases} cases in {elapsed:.1f} s = {events / elapsed:.0f} events/s, "
        f"{cases / elapsed:.0f} cases/s, CPU ms per event: this process {cpu * per_event:.3f}, "
        f"its PostgreSQL backends ({len(backends.pids)}) {backend_cpu * per_event:.3f}, "
        f"together {(cpu + backend_cpu) * per_event:.3f}; {statements[0] / max(1, events):.2f} statements per event "
        f"({batch} events per transaction, in-process handlers, PostgreSQL; "
        f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}); "
        f"shared buffers per event: {read / max(1, events):.2f} blocks read, {hit / max(1, events):.1f} hit"
    )


def load_counters(url: str, units: list[str], cases: int) -> int:
    """The day rows and monthly roll-up rows that ``cases`` cases spread over a year produce."""
    per_unit_day = cases / (len(units) * 365)
    rng, rows = random.Random(2), 0
    months: dict = {}
    columns = ", ".join(METRICS)
    with psycopg.connect(url.replace("+psycopg", "")) as connection, connection.cursor() as cursor:
        with cursor.copy(f"COPY unit_day_counts (district, day, subject, {columns}) FROM STDIN") as copy:
            for offset in range(365):
                day = date(2026, 1, 1) + timedelta(days=offset)
                for unit in units:
                    values = synthetic_day(rng, per_unit_day)
                    copy.write_row(("bigtown", day, unit, *values))
                    month = months.setdefault((day.replace(day=1), unit), [0] * len(METRICS))
                    month[:] = [a + b for a, b in zip(month, values, strict=True)]
                    rows += 1
        with cursor.copy(f"COPY unit_month_counts (district, day, subject, {columns}) FROM STDIN") as copy:
            for (month, unit), values in months.items():
                copy.write_row(("bigtown", month, unit, *values))
                rows += 1
        connection.commit()
        cursor.execute("ANALYZE unit_day_counts")
        cursor.execute("ANALYZE unit_month_counts")
    return rows


def synthetic_day(rng: random.Random, mean: float) -> list[int]:
    sent = max(1, int(rng.gauss(mean, mean**0.5)))
    rated = int(sent * 0.8)
    good = int(rated * rng.uniform(0.8, 1.0))
    values = dict.fromkeys(METRICS, 0) | {
        "dispatched": sent,
        "responded_on_time": int(sent * rng.uniform(0.7, 1)),
        "resolved": sent,
        "resolved_on_time": int(sent * 0.8),
        "returned": sent // 10,
        "followups": sent,
        "rated": rated,
        "solved": good,
        "satisfied_or_basic": good,
        "satisfied": good,
        "not_satisfied": rated - good,
        "unanswered": sent - rated,
    }
    return [values[m] for m in METRICS]


def latency(client, path: str, repeats: int) -> str:
    assert client.get(path).status_code == 200, client.get(path).get_json()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return f"p50 {statistics.median(times):.1f} ms, p99 {times[int(len(times) * 0.99) - 1]:.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ingest-seconds", type=float, default=60)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--batch", type=int, default=50, help="events per transaction (the consumer's batch size)")
    parser.add_argument("--stored", type=int, default=0, help="cases stored before the ingest is measured")
    parser.add_argument("--no-queries", action="store_true", help="the ingest only")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp())
    units = big_district(directory)
    urls = [fresh_database(f"bench_evaluation_{use}", DEFINITION.migrations) for use in ("ingest", "query")]
    try:
        env = {"MINQING_ENV": "development", "DISTRICTS_DIR": str(directory), "LOG_LEVEL": "WARNING"}
        settings = DEFINITION.settings({**env, "DATABASE_URL": urls[0]})
        if args.stored:
            started = time.perf_counter()
            store(settings, units, args.stored, max(1, args.batch))
            print(f"stored {args.stored} cases in {time.perf_counter() - started:.0f} s")
        print(f"load average before the ingest: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
        ingest(settings, units, args.ingest_seconds, max(1, args.batch))
        if args.no_queries:
            return 0
        if args.stored:  # the queries on what the handlers wrote: the stored cases and the stream's
            queried = urls[0]
            print(f"queries on the {args.stored} cases stored and the ingest's, their counters as ingest left them")
        else:
            queried, started = urls[1], time.perf_counter()
            rows = load_counters(queried, units, args.cases)
            print(
                f"loaded {rows} day and month counter rows for {args.cases} cases, {len(units)} units, 365 days "
                f"in {time.perf_counter() - started:.1f} s"
            )
        client = create_app(DEFINITION.settings({**env, "DATABASE_URL": queried})).test_client()
        for label, path in [
            ("rates, all units, one month", "/api/v1/districts/bigtown/rates?month=2026-06"),
            (
                "ranking, 15 communities of a street, one month",
                "/api/v1/districts/bigtown/rankings?month=2026-06&level=community&parent=bt-s3",
            ),
            ("ranking, 40 departments, one month", "/api/v1/districts/bigtown/rankings?month=2026-06&level=department"),
            (
                "ranking, 300 communities, whole year",
                "/api/v1/districts/bigtown/rankings?from=2026-01-01&to=2026-12-31&level=community",
            ),
            ("rates, all units, whole year", "/api/v1/districts/bigtown/rates?from=2026-01-01&to=2026-12-31"),
        ]:
            print(f"{label}: {latency(client, path, args.repeats)}")
    finally:
        for url in urls:
            drop(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
