"""The street's inbox (issue 19 benchmark) EXPLAINed on PostgreSQL with enough closed cases that the
planner chooses as it would in production: every statement of the open queue reads the open cases'
partial index, never a sequential scan of the cases or of their trail, whatever the filter or search
(bench/workbench_inbox.py times the same statements with 500,000 closed cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from minqing_routing import worklist
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION
from routing.queue_plans import page_plans, plan_nodes, shape
from routing.seeding import seed_street_queue

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


@pytest.mark.slow
def test_the_street_inbox_reads_open_cases_only(make_database):
    url = make_database(DEFINITION)
    runtime = bootstrap(
        DEFINITION.settings_model(DATABASE_URL=url, DISTRICTS_DIR=str(Path(__file__).parent / "districts"))
    )
    seed_street_queue(runtime.db.engine, 2000, 150_000)
    for name, filters in QUEUES.items():
        for _statement, explained in page_plans(runtime, filters)[1]:
            plan = list(plan_nodes(explained["Plan"]))
            scanned = [n for n in plan if n["Node Type"] == "Seq Scan" and n["Relation Name"] != "joint_parts"]
            assert not scanned, f"{name}: {shape(plan)}"
            assert any(n.get("Index Name") == "ix_cases_open" for n in plan), f"{name}: {shape(plan)}"
    runtime.db.engine.dispose()
