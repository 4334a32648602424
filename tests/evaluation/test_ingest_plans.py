"""The statements of a consumer batch of case events (``readmodel.record_all`` and the batch handler: the
inbox claim, the cases created and locked, their facts and contributions, the open themes, the follow-ups'
reads and writes, the counters' upserts) EXPLAINed on PostgreSQL with 60,000 cases stored as ingest leaves
them (``stored_cases``): none reads a big table by a sequential scan or sorts more rows than the batch
has, so the cost of a batch does not grow with the cases stored (issue 20). And the stored rows are the
ones ingest writes: copies keep their template's shape and their counters stay the contributions' sums."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from minqing_evaluation import followups
from minqing_evaluation.adapters.tables import METRICS, cases, contributions, facts, unit_day_counts, unit_month_counts
from minqing_evaluation.domain.facts import Fact, contributions as derived
from support.plans import explained, plan_nodes, sent_by, shape

from .conftest import T0, event as envelope, unit as unit_of
from .stored_cases import TABLES, clone, rebuild_counters
from .streams import stream

TEMPLATES, COPIES = 300, 200  # 60,000 cases (and their merged duplicates)
BIG = set(TABLES) | {"outbox"}
BATCH_ROWS = 200  # a sort of at most this many rows sorts the batch's own rows, not the stored ones


def ingest_templates(service, count: int) -> None:
    """``count`` cases' events through the consumer's batches, then their follow-ups expired unanswered."""
    events = stream(count, seed=5)
    for start in range(0, len(events), 50):
        chunk = events[start : start + 50]
        service.handling.handle_batch([(e, service.handling.decode(e.to_json())[1]) for e in chunk])
    service.runtime.clock.now = T0 + timedelta(days=90)
    while followups.expire_due(service.runtime):
        pass


def rows_of(connection, table: str) -> list:
    return connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1, 2, 3").all()


def test_copies_are_what_ingest_writes(service):
    ingest_templates(service, 12)
    engine = service.runtime.db.engine
    with engine.begin() as connection:
        ingested = {t: rows_of(connection, t) for t in ("unit_day_counts", "unit_month_counts")}
        rebuild_counters(connection)
        assert {t: rows_of(connection, t) for t in ingested} == ingested
        before = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES}
        clone(connection, 3)
        after = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES}
        day_sums = connection.execute(select(*(unit_day_counts.c[m] for m in METRICS))).all()
        month_sums = connection.execute(select(*(unit_month_counts.c[m] for m in METRICS))).all()
        kept = connection.execute(select(facts).where(facts.c.case_id.in_(["s3", "s3.2"]))).all()
        stored = connection.execute(select(contributions).where(contributions.c.case_id == "s3.2")).all()
        copy = connection.execute(select(cases).where(cases.c.case_id == "s3.2")).one()
    tripled = {t: 3 * before[t] for t in ("cases", "facts", "case_contributions", "evaluations")}
    assert {t: after[t] for t in tripled} == tripled
    assert after["inbox"] == before["inbox"]  # 3 copies of a year: none within the inbox's 14 days
    assert [sum(column) for column in zip(*day_sums, strict=True)] == [
        sum(column) for column in zip(*month_sums, strict=True)
    ]
    assert sum(map(sum, day_sums)) == 3 * sum(map(sum, (r[3:] for r in ingested["unit_day_counts"])))
    template = sorted((f.event_type, f.occurred_at) for f in kept if f.case_id == "s3")
    copied = sorted((f.event_type, f.occurred_at - timedelta(days=2)) for f in kept if f.case_id == "s3.2")
    assert copied == template and copy.ticket == "TV-s3.2" and copy.received_at is not None
    facts_of_copy = [Fact(f.event_id, f.event_type, f.occurred_at, f.data) for f in kept if f.case_id == "s3.2"]
    assert {f.data.get("ticket") for f in facts_of_copy} == {"TV-s3.2"}
    assert Counter({(r.day, r.subject, r.metric): r.n for r in stored}) == derived(
        facts_of_copy, service.runtime.tz("testville")
    )  # the read model would derive the same contributions from the copy's facts


def batch(engine, rng: random.Random) -> list:
    """50 events of 50 cases: 20 new requests; of the cases stored, 10 reopened, 12 resolved again a minute
    after their last resolution (a counter row of theirs goes from 1 to 2: the batch's DELETE of their old
    contributions) and 8 moved to another category (one at a time, with their own DELETE)."""
    stored = rng.sample([f"s{t}.{k}" for t in range(TEMPLATES) for k in range(1, COPIES)], 30)
    with engine.connect() as connection:
        last = {
            row.case_id: row
            for row in connection.execute(
                select(facts.c.case_id, facts.c.occurred_at, facts.c.data)
                .where(facts.c.case_id.in_(stored[10:22]), facts.c.event_type == "case.resolved.v1")
                .order_by(facts.c.occurred_at)
            )
        }
    later = T0 + timedelta(days=400)
    new = [envelope("case.received.v1", f"n{i}", later, ticket=f"TV-n{i}") for i in range(20)]
    reopened = [
        envelope("case.reopened.v1", c, later, ticket=f"TV-{c}", reopen_count=1, **unit_of("tv-c1"))
        for c in stored[:10]
    ]
    resolved = [
        envelope(
            "case.resolved.v1", c, r.occurred_at + timedelta(minutes=1), ticket=f"TV-{c}", **unit_of(r.data["unit_id"])
        )
        for c, r in last.items()
    ]
    moved = [envelope("case.reclassified.v1", c, later, ticket=f"TV-{c}", category="property") for c in stored[22:]]
    return new + reopened + resolved + moved


@pytest.mark.slow
def test_a_batch_reads_indexes_whatever_the_cases_stored(service):
    ingest_templates(service, TEMPLATES)
    engine = service.runtime.db.engine
    with engine.begin() as connection:
        clone(connection, COPIES)
        assert connection.exec_driver_sql("SELECT count(*) FROM cases").scalar() >= TEMPLATES * COPIES
    items = [(e, service.handling.decode(e.to_json())[1]) for e in batch(engine, random.Random(2))]
    outcomes = []
    _, sent = sent_by(engine, lambda: outcomes.extend(service.handling.handle_batch(items)))
    assert [o.status for o in outcomes] == ["handled"] * 50
    assert sum(statement.startswith("INSERT INTO inbox") for statement, _ in sent) == 1  # one batch, no fallback
    deleted = [len(values) // 4 for statement, values in sent if statement.startswith("DELETE FROM case_contributions")]
    assert max(deleted) >= 12, deleted  # (case, day, subject, metric) keys: the batch's resolutions' at least
    plans = [(statement, list(plan_nodes(top["Plan"]))) for statement, top in explained(engine, sent)]
    touched = {n.get("Relation Name") for _, plan in plans for n in plan}
    assert {"inbox", "cases", "facts", "case_contributions", "unit_day_counts", "evaluations"} <= touched, touched
    for statement, plan in plans:
        scans = [n for n in plan if n["Node Type"] == "Seq Scan" and n["Relation Name"] in BIG]
        sorts = [n for n in plan if "Sort" in n["Node Type"] and n["Plans"][0]["Plan Rows"] > BATCH_ROWS]
        assert not scans and not sorts, f"{statement[:200]}: {shape(plan)}"
