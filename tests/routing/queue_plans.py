"""The plans PostgreSQL chooses for the statements of a person's queue (``worklist.page``), as SQLAlchemy
sends them with their bound values (and those of any other call, ``statement_plans``): for
tests/routing/test_queue_plans.py and bench/workbench_inbox.py."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from minqing_kit.tokens import Principal
from minqing_routing import worklist
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION
from support.plans import explained, sent_by

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


def statement_plans(runtime, call, analyze: bool = False) -> tuple[object, list[tuple[str, dict]]]:
    """What ``call()`` returned, and each statement it sent with its EXPLAIN (``support.plans``)."""
    found, sent = sent_by(runtime.db.engine, call)
    return found, explained(runtime.db.engine, sent, analyze)
