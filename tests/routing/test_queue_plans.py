"""The street's inbox (issue 19 benchmark) EXPLAINed on PostgreSQL with enough closed cases that the
planner chooses as it would in production: every statement of the open queue reads the open cases'
partial index, never a sequential scan of the cases or of their trail, whatever the filter or search
(bench/workbench_inbox.py times the same statements with 500,000 closed cases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event

from minqing_kit.tokens import Principal
from minqing_routing import worklist
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION
from routing.seeding import seed_street_queue

SUPERVISOR = Principal("ht-s1-sv", "钱督", "hilltown", "ht-s1", ("supervisor",))
QUEUES = {
    "first page": worklist.Filters(below=True),
    "deep page": worklist.Filters(below=True, page=30),
    "overdue": worklist.Filters(below=True, overdue=True),
    "category": worklist.Filters(below=True, category="property"),
    "supervised": worklist.Filters(below=True, supervised=True),
    "joint": worklist.Filters(below=True, joint=True),
    "ticket": worklist.Filters(below=True, text="HT-20261202-0001234"),
    "word": worklist.Filters(below=True, text="电梯故障"),
}


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explained(runtime, filters: worklist.Filters) -> list[list[dict]]:
    """The plans of the statements ``worklist.page`` sends (its count and its page), with their values."""
    sent = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(runtime.db.engine, "before_cursor_execute", keep)
    try:
        worklist.page(runtime, SUPERVISOR, filters)
    finally:
        event.remove(runtime.db.engine, "before_cursor_execute", keep)
    plans = []
    with runtime.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, parameters in sent:
            (plan,) = raw.execute("EXPLAIN (FORMAT JSON) " + statement, parameters).fetchone()
            plans.append(list(plan_nodes((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])))
    return plans


@pytest.mark.slow
def test_the_street_inbox_reads_open_cases_only(make_database):
    url = make_database(DEFINITION)
    runtime = bootstrap(
        DEFINITION.settings_model(DATABASE_URL=url, DISTRICTS_DIR=str(Path(__file__).parent / "districts"))
    )
    seed_street_queue(runtime.db.engine, 2000, 150_000)
    for name, filters in QUEUES.items():
        for plan in explained(runtime, filters):
            shape = " / ".join(f"{n['Node Type']} {n.get('Index Name') or n.get('Relation Name') or ''}" for n in plan)
            scanned = [n for n in plan if n["Node Type"] == "Seq Scan" and n["Relation Name"] != "joint_parts"]
            assert not scanned, f"{name}: {shape}"
            assert any(n.get("Index Name") == "ix_cases_open" for n in plan), f"{name}: {shape}"
    runtime.db.engine.dispose()
