"""The inbox of a street (issue 19): 20,000 open and 500,000 closed cases over its communities on
PostgreSQL; times the queue the workbench pages (``worklist.page``, the function /workbench calls) and
its search, and EXPLAINs every statement.

    .venv/bin/python bench/workbench_inbox.py [--open 20000] [--closed 500000] [--requests 200]
        [--done-requests 30] [--only NAME]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); a scratch database, dropped afterwards. The cases
go in with INSERT ... SELECT over generate_series (not through the API): hilltown's street ht-s1 and
its communities ht-c1 and ht-c2, a third of the open cases waiting for 签收, 1 % joint (with a co-handler
part at the street), 2 % supervised (a 督办 step), one dispatch step per case; another 50,000 cases of
the district's other street. The reader is the street's supervisor with ``below`` (the street's queue).
Prints p50/p99 per query and each statement's plan nodes, flagging a sequential scan of cases or a
sort whose input is every open case. The 下一页 link's path (a page continuing from the cursor of the page
before) and a page asked for by its number are timed apart; 已办结's total is capped (``1,000+``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from routing.queue_plans import SUPERVISOR, page_plans  # noqa: E402
from routing.seeding import seed_street_queue  # noqa: E402
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_routing import worklist  # noqa: E402
from minqing_routing.bootstrap import bootstrap  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402
from support.plans import plan_nodes, shape  # noqa: E402


def scenarios(runtime, open_count: int) -> dict[str, worklist.Filters]:
    """Each query; the cursor pages continue from the page before, as the pages' 下一页 links do."""
    last = -(-open_count // worklist.PAGE_SIZE)

    def after(filters: worklist.Filters) -> worklist.Filters:
        following = worklist.page(runtime, SUPERVISOR, filters)["next"]
        return replace(filters, page=filters.page + 1, cursor=following)

    return {
        "first page": worklist.Filters(below=True),
        "page 100 by its number": worklist.Filters(below=True, page=100),
        "page 100 by the cursor of 99": after(worklist.Filters(below=True, page=99)),
        f"last page ({last}) by its number": worklist.Filters(below=True, page=last),
        "overdue": worklist.Filters(below=True, overdue=True),
        "category": worklist.Filters(below=True, category="property"),
        "supervised": worklist.Filters(below=True, supervised=True),
        "joint": worklist.Filters(below=True, joint=True),
        "search: ticket": worklist.Filters(below=True, text="HT-20261202-0012345"),
        "search: a word": worklist.Filters(below=True, text="电梯故障"),
        "done, first page": worklist.Filters(view="done", below=True),
        "done, page 2 by the cursor of 1": after(worklist.Filters(view="done", below=True)),
        "done, search: ticket": worklist.Filters(view="done", below=True, text="HT-20261202-0312345"),
        "done, search: a word": worklist.Filters(view="done", below=True, text="电梯故障"),
    }


def plans(runtime, filters: worklist.Filters, open_count: int) -> tuple[dict, list[str]]:
    """The page's total, and each statement's plan as one line with what in it grows with the cases stored."""
    found, explained = page_plans(runtime, filters, analyze=True)
    lines = []
    for statement, tree in explained:
        nodes = list(plan_nodes(tree["Plan"]))
        bad = [
            f"seq scan of {n['Relation Name']} ({n['Actual Rows'] + n.get('Rows Removed by Filter', 0)} rows)"
            for n in nodes
            if n["Node Type"] == "Seq Scan" and n["Relation Name"] in ("cases", "case_history")
        ] + [
            f"sort of {n['Plans'][0]['Actual Rows']} rows"
            for n in nodes
            if n["Node Type"] == "Sort" and n["Plans"][0]["Actual Rows"] >= open_count // 2
        ]
        kind = "count" if "count(" in statement else "page"
        lines.append(f"    {kind}: {tree['Execution Time']:.1f} ms  {shape(nodes)}" + (f"  !! {bad}" if bad else ""))
    return found, lines


def timed(runtime, filters: worklist.Filters, requests: int) -> tuple[float, float]:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        worklist.page(runtime, SUPERVISOR, filters)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=20000)
    parser.add_argument("--closed", type=int, default=500000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--done-requests", type=int, default=30, help="for the 已办结 view (seconds a request)")
    parser.add_argument("--only", help="run only the scenarios whose name contains this")
    args = parser.parse_args()
    url = fresh_database("bench_workbench_inbox", DEFINITION.migrations)
    try:
        settings = DEFINITION.settings_model(
            DATABASE_URL=url, DISTRICTS_DIR=str(ROOT / "tests/routing/districts"), LOG_LEVEL="WARNING"
        )
        runtime = bootstrap(settings)
        started = time.perf_counter()
        seed_street_queue(runtime.db.engine, args.open, args.closed)
        took = time.perf_counter() - started
        print(f"seeded {args.open:,} open + {args.closed:,} closed + 50,000 elsewhere in {took:.0f} s")
        for name, filters in scenarios(runtime, args.open).items():
            if args.only and args.only not in name:
                continue
            found, lines = plans(runtime, filters, args.open)
            p50, p99 = timed(runtime, filters, args.done_requests if filters.view == "done" else args.requests)
            total = f"{found['total']:,}" + ("+" if found["capped"] else "")
            print(f"{name}: total {total}, page {found['page']}: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
            print("\n".join(lines))
        runtime.db.engine.dispose()
    finally:
        drop(url)


if __name__ == "__main__":
    main()
