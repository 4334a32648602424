"""The statements a call sends and PostgreSQL's EXPLAIN (FORMAT JSON) plans of them, for the tests that check
a hot query's plan."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import event


def plan_nodes(node: dict) -> Iterator[dict]:
    """The node and every node below it, depth first."""
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def shape(nodes: list[dict]) -> str:
    """The nodes as one line (node type and index or table), for an assertion's message."""
    return " / ".join(f"{n['Node Type']} {n.get('Index Name') or n.get('Relation Name') or ''}".strip() for n in nodes)


EXPLAINABLE = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")  # not NOTIFY (the relay's wake-up), which has no plan


def sent_by(engine, call) -> tuple[object, list[tuple[str, object]]]:
    """What ``call()`` returned, and each statement it sent on ``engine`` (pipelined ones included) with
    its bound values: an executemany's first row's; one INSERT of many rows comes with them all in one
    mapping."""
    sent = []

    def keep(_conn, _cursor, statement, parameters, _context, many):
        sent.append((statement, parameters[0] if many and isinstance(parameters, list | tuple) else parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        found = call()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return found, sent


def explained(engine, sent: list[tuple[str, object]], analyze: bool = False) -> list[tuple[str, dict]]:
    """Each statement of ``sent`` that has a plan, with the top of its EXPLAIN (FORMAT JSON): ``Plan``,
    and ``Execution Time`` when ``analyze`` (which runs the statement)."""
    prefix = "EXPLAIN (ANALYZE, FORMAT JSON) " if analyze else "EXPLAIN (FORMAT JSON) "
    plans = []
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, parameters in sent:
            if statement.lstrip().upper().startswith(EXPLAINABLE):
                (plan,) = raw.execute(prefix + statement, parameters).fetchone()
                plans.append((statement, (json.loads(plan) if isinstance(plan, str) else plan)[0]))
    return plans
