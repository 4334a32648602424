"""Routing's consumer takes a batch's new cases at once (``on_cases_received``, a ``BatchHandler``): the
batch's cases read and written set-wise, each case's events caused by its own receipt, a case delivered
twice in one batch written once, and a case that joins one earlier in the same batch (我也遇到了) joined."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, func, select

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.intake import CaseReceived
from minqing_kit.consumer import EventHandling
from minqing_routing.adapters import repository
from minqing_routing.adapters.tables import bus, cases, history
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION

from .harness import received


@pytest.fixture
def runtime(routing_settings):
    found = bootstrap(routing_settings)
    yield found
    found.db.dispose()


def handling(runtime) -> EventHandling:
    return EventHandling("routing", runtime.db, DEFINITION.tables, DEFINITION.subscriptions(runtime))


def items(*envelopes: Envelope):
    return [(e, CaseReceived.model_validate(e.payload)) for e in envelopes]


def outbox(runtime) -> list[dict]:
    with runtime.db.engine.connect() as connection:
        return [
            json.loads(b) for b in connection.execute(select(bus.outbox.c.body).order_by(bus.outbox.c.id)).scalars()
        ]


def test_a_batch_of_cases_is_read_and_written_set_wise_each_event_causing_its_own(runtime):
    batch = [received(f"HT-BATCH-{n}", address="山城区幸福路1号楼") for n in range(20)]
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(runtime.db.engine, "before_cursor_execute", listener)
    try:
        outcomes = handling(runtime).handle_batch(items(*batch))
    finally:
        event.remove(runtime.db.engine, "before_cursor_execute", listener)
    assert [o.status for o in outcomes] == ["handled"] * 20
    assert len(statements) < 20  # 20 cases one by one: eight statements each
    with runtime.db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(cases)).scalar() == 20
        assert connection.execute(select(func.count(func.distinct(history.c.case_id)))).scalar() == 20
    dispatched = [e for e in outbox(runtime) if e["type"] == "case.dispatched.v1"]
    assert sorted((e["case_id"], e["causation_id"], e["correlation_id"]) for e in dispatched) == sorted(
        (e.case_id, e.event_id, e.correlation_id) for e in batch
    )


def test_a_case_twice_in_one_batch_is_written_once(runtime):
    first = received("HT-TWICE-1", address="山城区幸福路1号楼")
    again = new_envelope(
        CaseReceived.model_validate(first.payload), district=first.district, producer="intake", case_id=first.case_id
    )
    outcomes = handling(runtime).handle_batch(items(first, again))
    assert [o.status for o in outcomes] == ["handled", "handled"]
    assert [e["case_id"] for e in outbox(runtime) if e["type"] == "case.dispatched.v1"] == [first.case_id]


def test_a_case_joining_one_earlier_in_the_same_batch_joins_it(runtime):
    into = received("HT-JOIN-INTO", address="山城区幸福路1号楼")
    joins = received("HT-JOIN-ME", address="山城区幸福路1号楼", joins=into.case_id)
    after = received("HT-JOIN-AFTER", address="山城区幸福路2号楼")
    outcomes = handling(runtime).handle_batch(items(into, joins, after))
    assert [o.status for o in outcomes] == ["handled"] * 3
    with runtime.db.transaction() as session:
        joined = repository.load(session, joins.case_id, lock=False)
        assert repository.load(session, after.case_id, lock=False) is not None
    assert joined is not None and joined.merged_into == into.case_id
