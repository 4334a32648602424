"""The plans PostgreSQL chooses for the statements of a person's queue (``worklist.page``), as SQLAlchemy
sends them with their bound values (and those of any other call, ``statement_plans``): for
tests/routing/test_queue_plans.py and bench/workbench_inbox.py."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from minqing_kit.tokens import Principal
from minqing_routing import worklist
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION

from .seeding import seed_street_queue

SUPERVISOR = Principal("ht-s1-sv", "钱督", "hilltown", "ht-s1", ("supervisor",))  # the street's, with below


@contextmanager
def street_queue(make_database, open_count: int, closed_count: int):
    """A routing runtime on a fresh database holding ``seed_street_queue``'s street."""
    url = make_database(DEFINITION)
    runtime = bootstrap(
        DEFINITION.settings_model(DATABASE_URL=url, DISTRICTS_DIR=str(Path(__file__).parent / "districts"))
    )
    seed_street_queue(runtime.db.engine, open_count, closed_count)
    try:
        yield runtime
    finally:
        runtime.db.engine.dispose()


def page_plans(runtime, filters: worklist.Filters, analyze: bool = False) -> tuple[dict, list[tuple[str, dict]]]:
    """One call of the page as the street's supervisor, and each statement it sent with its EXPLAIN (the
    top of the JSON: ``Plan``, and ``Execution Time`` when ``analyze``)."""
    return statement_plans(runtime, lambda: worklist.page(runtime, SUPERVISOR, filters), analyze)


EXPLAINABLE = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")  # not NOTIFY, which has no plan


def statement_plans(runtime, call, analyze: bool = False) -> tuple[object, list[tuple[str, dict]]]:
    """What ``call()`` returned, and each statement it sent with its EXPLAIN (an executemany's with its
    first row's values)."""
    sent = []

    def keep(_conn, _cursor, statement, parameters, _context, many):
        if statement.lstrip().upper().startswith(EXPLAINABLE):
            sent.append((statement, parameters[0] if many and isinstance(parameters, list | tuple) else parameters))

    event.listen(runtime.db.engine, "before_cursor_execute", keep)
    try:
        found = call()
    finally:
        event.remove(runtime.db.engine, "before_cursor_execute", keep)
    explained = []
    with runtime.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, parameters in sent:
            prefix = "EXPLAIN (ANALYZE, FORMAT JSON) " if analyze else "EXPLAIN (FORMAT JSON) "
            (plan,) = raw.execute(prefix + statement, parameters).fetchone()
            explained.append((statement, (json.loads(plan) if isinstance(plan, str) else plan)[0]))
    return found, explained
