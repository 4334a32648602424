"""The read model written a consumer batch at a time (one statement per table per batch) holds exactly
what it holds when each event is handled in its own transaction, whatever the order, the duplicates
and the batch boundaries; and it takes a fraction of the statements."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import event as sql_event, select

from minqing_evaluation.adapters.tables import (
    METRICS,
    cases,
    contributions,
    evaluations,
    facts,
    unit_day_counts,
    unit_month_counts,
)
from minqing_evaluation.definition import DEFINITION
from minqing_kit.migrations import upgrade

from .conftest import event
from .streams import shuffled_with_duplicates, stream


def _with_reclassifications(events: list, seed: int = 5) -> list:
    """Some cases moved to another category after their receipt (their received counter moves with them)."""
    rng = random.Random(seed)
    received = [e for e in events if e.type == "case.received.v1"]
    moved = [
        event(
            "case.reclassified.v1",
            e.case_id,
            e.occurred_at + timedelta(minutes=30),
            ticket=e.payload["ticket"],
            category="property",
            previous_category="environment",
        )
        for e in rng.sample(received, len(received) // 3)
    ]
    return events + moved


def _tables(service) -> dict:
    """Every row of the read model; counter rows whose metrics are all zero left out (a counter that
    went up and down again within one batch is never written, as it would have been one event at a
    time: both read as zero)."""
    found = {}
    with service.runtime.db.engine.connect() as connection:
        for table in (cases, facts, contributions):
            found[table.name] = sorted(map(tuple, connection.execute(select(table))), key=repr)
        for table in (unit_day_counts, unit_month_counts):
            rows = connection.execute(select(table)).mappings()
            found[table.name] = sorted((tuple(r.values()) for r in rows if any(r[m] for m in METRICS)), key=repr)
        follow_ups = select(*(c for c in evaluations.c if c.name not in ("id", "token_hash")))
        found["evaluations"] = sorted(map(tuple, connection.execute(follow_ups)), key=repr)
    return found


def _statements(service) -> list[int]:
    counted = [0]

    def count(*_):
        counted[0] += 1

    sql_event.listen(service.runtime.db.engine, "before_cursor_execute", count)
    return counted


def _feed_in_batches(service, envelopes: list, size: int) -> list[str]:
    handling, statuses = service.handling, []
    for start in range(0, len(envelopes), size):
        items = [(e, handling.decode(e.to_json())[1]) for e in envelopes[start : start + size]]
        statuses += [outcome.status for outcome in handling.handle_batch(items)]
    return statuses


def test_batches_give_the_read_model_of_one_event_at_a_time(make_service):
    events = shuffled_with_duplicates(_with_reclassifications(stream(8, seed=9)), seed=4)
    alone, batched = make_service(), make_service()
    counted = {name: _statements(s) for name, s in (("alone", alone), ("batched", batched))}

    statuses = alone.feed(*events)
    assert len(events) > 50  # two batches: a case's events fall on both sides of the boundary
    assert _feed_in_batches(batched, events, 50) == statuses
    assert statuses.count("duplicate") > 0 and "failed" not in statuses

    reference = _tables(alone)
    assert all(reference[name] for name in ("cases", "facts", "case_contributions", "unit_day_counts", "evaluations"))
    assert _tables(batched) == reference
    assert batched.counters() == alone.counters() != {}
    # one statement per table per batch, not a dozen per event (a fallback to one event per
    # transaction would cost more than one event at a time, not less)
    assert counted["batched"] * 3 < counted["alone"], counted


def test_on_sqlite_the_batches_give_the_read_model_postgresql_gives(make_service, tmp_path):
    """SQLite, the embedded default, sends the statements PostgreSQL pipelines one after the other."""
    url = f"sqlite:///{tmp_path}/evaluation.sqlite"
    upgrade(DEFINITION.migrations, url)
    events = shuffled_with_duplicates(_with_reclassifications(stream(8, seed=9)), seed=4)
    on_postgresql, on_sqlite = make_service(), make_service(DATABASE_URL=url)

    statuses = _feed_in_batches(on_postgresql, events, 50)
    assert _feed_in_batches(on_sqlite, events, 50) == statuses
    assert "failed" not in statuses

    reference = _tables(on_postgresql)
    assert all(reference[name] for name in ("cases", "facts", "case_contributions", "unit_day_counts", "evaluations"))
    assert _tables(on_sqlite) == reference
