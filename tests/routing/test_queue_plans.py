"""The street's inbox (issue 19 benchmark) EXPLAINed on PostgreSQL with enough closed cases that the
planner chooses as it would in production: every page of the open queue is a range read of the open
cases' index in the queue's order (``ix_cases_open_due``: no sort of the street's open cases, on the first
page, a page asked for by its number or one reached by its cursor), never a sequential scan of the cases
or of their trail, whatever the filter or search; 已办结 reads the finished cases' index
(``ix_cases_finished``) for its capped count and its page; the hotline's call-back list reads the
call-back steps alone (``ix_case_history_callbacks``). bench/workbench_inbox.py times the same statements
with 500,000 closed cases."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from minqing_routing import callbacks, worklist
from routing.queue_plans import SUPERVISOR, page_plans, statement_plans, street_queue
from support.plans import plan_nodes, shape

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
FINISHED = {
    "first page": worklist.Filters(view="done", below=True),
    "a word": worklist.Filters(view="done", below=True, text="电梯故障"),
    "a ticket": worklist.Filters(view="done", below=True, text="HT-20261202-0101234"),
}
IN_ORDER = ("first page", "deep page", "next page (cursor)", "overdue")  # too many to sort: read in order
SORTED_AT_MOST = 2 * worklist.PAGE_SIZE  # a sort of a leg's few rows (the co-handled cases), not the queue
# a call-back asked on 1 case in 100, answered on half of those
CALLBACK_STEPS = """
INSERT INTO case_history (case_id, at, action, actor_kind, from_state, to_state, unit_id, reason, actor_name)
SELECT id, received_at + interval '3 hours', 'request_callback', 'person', state, state, unit_id,
  'due ' || to_char(received_at + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS+00:00') || ': 请回电说明进展', '李办'
FROM cases WHERE id LIKE 'case-%' AND substr(id, 6)::int % 100 = 11;
INSERT INTO case_history (case_id, at, action, actor_kind, from_state, to_state, unit_id, reason)
SELECT id, received_at + interval '5 hours', 'answer_callback', 'person', state, state, unit_id, 'reached: 已回电'
FROM cases WHERE id LIKE 'case-%' AND substr(id, 6)::int % 200 = 11;
ANALYZE case_history
"""


@pytest.fixture
def street(make_database):
    with street_queue(make_database, 2000, 150_000) as runtime:
        yield runtime


def nodes_of(explained) -> list[tuple[str, list[dict]]]:
    return [(statement, list(plan_nodes(tree["Plan"]))) for statement, tree in explained]


def scans(plan: list[dict], *tables: str) -> list[dict]:
    return [n for n in plan if n["Node Type"] == "Seq Scan" and n["Relation Name"] in tables]


@pytest.mark.slow
def test_the_street_inbox_reads_its_indexes_in_order(street):
    runtime = street
    following = worklist.page(runtime, SUPERVISOR, worklist.Filters(below=True, page=29))["next"]
    queues = QUEUES | {"next page (cursor)": worklist.Filters(below=True, page=30, cursor=following)}
    for name, filters in queues.items():
        found, explained = page_plans(runtime, filters, analyze=True)
        for statement, plan in nodes_of(explained):
            assert not scans(plan, "cases", "case_history"), f"{name}: {shape(plan)}"
            read = {"ix_cases_ticket"} if name == "ticket" else {"ix_cases_open", "ix_cases_open_due"}
            assert read & {n.get("Index Name") for n in plan}, f"{name}: {shape(plan)}"  # a whole ticket: its index
            sorted_rows = [n["Plans"][0]["Actual Rows"] for n in plan if n["Node Type"] == "Sort"]
            assert max(sorted_rows, default=0) <= SORTED_AT_MOST, f"{name}: sorts {sorted_rows}: {shape(plan)}"
            if "count(" not in statement and name in IN_ORDER:  # the page: the queue's order from the index
                assert any(n.get("Index Name") == "ix_cases_open_due" for n in plan), f"{name}: {shape(plan)}"
        assert found["cases"], name


@pytest.mark.slow
def test_finished_cases_and_call_backs_read_their_indexes(street):
    runtime = street
    for name, filters in FINISHED.items():
        following = worklist.page(runtime, SUPERVISOR, filters)["next"]
        for paged in (filters, replace(filters, page=2, cursor=following)):
            found, explained = page_plans(runtime, paged)
            for _statement, plan in nodes_of(explained):
                assert not scans(plan, "cases", "case_history"), f"已办结 {name}: {shape(plan)}"
                wanted = "ix_cases_ticket" if "ticket" in name else "ix_cases_finished"
                assert any(n.get("Index Name") == wanted for n in plan), f"已办结 {name}: {shape(plan)}"
            assert found["total"] == (1 if "ticket" in name else worklist.COUNT_CAP) and found["capped"] != (
                "ticket" in name
            )

    with runtime.db.engine.begin() as connection:
        for statement in CALLBACK_STEPS.split(";\n"):
            connection.execute(text(statement))
    waiting, explained = statement_plans(runtime, lambda: callbacks.waiting(runtime, "hilltown"))
    assert len(waiting) == 200 and {c["question"] for c in waiting} == {"请回电说明进展"}
    for _statement, plan in nodes_of(explained):
        assert not scans(plan, "case_history"), f"call-backs: {shape(plan)}"
        assert any(n.get("Index Name") == "ix_case_history_callbacks" for n in plan), f"call-backs: {shape(plan)}"
