"""Routing's dispatch of new cases (``on_cases_received`` behind the consumer's ``EventHandling``) EXPLAINed
on PostgreSQL with a year of cases stored (issue 20 item 4: cost flat with data): every statement a batch
of case.received.v1 sends, with the values it bound, reads the big tables through an index (no sequential
scan of the cases, their trail, timers, parts, suggestions or the bus tables) and sorts none of their
rows. The batch has what production's has: cases of several categories located by address, one a
duplicate, one joining an open case (我也遇到了), with the catalogue in force and a trusted history model.
bench/routing_stored.py measures the same dispatch with 10,000 and 1,000,000 cases stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from minqing_contracts.events.intake import CaseReceived
from minqing_kit.consumer import EventHandling
from minqing_routing.adapters.model_tables import dispatch_suggestions
from minqing_routing.adapters.tables import cases
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION
from support.plans import plan_nodes, shape

from .harness import received
from .queue_plans import statement_plans
from .stored_cases import seed_stored_cases

STORED = 60_000
BIG = {"cases", "case_history", "deadline_timers", "joint_parts", "dispatch_suggestions", "inbox", "outbox"}
ADDRESSES = ("山城区幸福路1号楼", "幸福路一号楼", "山城区和平路8号门口", "山城区西三路3号", "山城区幸福路2号楼")
CATEGORIES = ("environment", "municipal", "property", "elderly_care")
OPEN_CASE = f"stored-{STORED - 1}"  # among the newest: accepted, still open (stored_cases.CASES)


@pytest.fixture
def stored(make_database):
    url = make_database(DEFINITION)
    runtime = bootstrap(
        DEFINITION.settings_model(DATABASE_URL=url, DISTRICTS_DIR=str(Path(__file__).parent / "districts"))
    )
    seed_stored_cases(runtime, STORED)
    yield runtime
    runtime.db.dispose()


def a_batch():
    batch = [
        received(f"HT-NEW-{n:03d}", category=CATEGORIES[n % len(CATEGORIES)], address=ADDRESSES[n % len(ADDRESSES)])
        for n in range(18)
    ]
    batch.insert(5, received("HT-NEW-DUP", address=ADDRESSES[0], duplicate_of="stored-59998"))
    batch.insert(9, received("HT-NEW-JOIN", address=ADDRESSES[0], joins=OPEN_CASE))
    return [(e, CaseReceived.model_validate(e.payload)) for e in batch]


def dispatched_with_plans(runtime, items) -> tuple[list[str], list[tuple[str, list[dict]]]]:
    """The batch's outcomes, and each statement it sent with the nodes of the plan PostgreSQL chooses for it."""
    handling = EventHandling("routing", runtime.db, DEFINITION.tables, DEFINITION.subscriptions(runtime))
    outcomes, explained = statement_plans(runtime, lambda: [o.status for o in handling.handle_batch(items)])
    return outcomes, [(statement, list(plan_nodes(top["Plan"]))) for statement, top in explained]


def sorted_big_rows(plan: list[dict]) -> list[str]:
    """The big tables a Sort node of the plan reads below it."""
    return [
        n.get("Relation Name")
        for sort in plan
        if sort["Node Type"] in ("Sort", "Incremental Sort")
        for n in plan_nodes(sort)
        if n.get("Relation Name") in BIG
    ]


@pytest.mark.slow
def test_dispatching_a_batch_reads_no_big_table_whole_and_sorts_none(stored):
    runtime = stored
    outcomes, explained = dispatched_with_plans(runtime, a_batch())

    assert outcomes == ["handled"] * 20
    with runtime.db.engine.connect() as connection:
        new = connection.execute(select(cases.c.state, cases.c.merged_into).where(cases.c.ticket.like("HT-NEW-%")))
        assert sorted(new) == [("dispatched", None)] * 19 + [("merged", OPEN_CASE)]
        new_ones = dispatch_suggestions.c.case_id.notlike("stored-%")
        suggested = select(func.count()).select_from(dispatch_suggestions).where(new_ones)
        assert connection.execute(suggested).scalar() == 20  # the model was asked for each
    touched = {n.get("Relation Name") for _, plan in explained for n in plan}
    assert touched >= BIG - {"joint_parts"} | {"catalogue_items", "dispatch_models"}, touched  # every hot statement
    for statement, plan in explained:
        reads = [n["Relation Name"] for n in plan if n["Node Type"] == "Seq Scan" and n["Relation Name"] in BIG]
        assert not reads, f"{statement[:160]}: {shape(plan)}"
        assert not sorted_big_rows(plan), f"{statement[:160]}: {shape(plan)}"
