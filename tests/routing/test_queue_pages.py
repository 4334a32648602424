"""The workbench's queues paged by keyset (worklist.page with a Cursor) on PostgreSQL: following the next
pages from the first, and the previous pages back from the last, lists every case of the street's queue
once, in the order of the deadline that applies now to the reader (a co-handler part's deadline for the
joint cases whose part the street holds), as a page asked for by its number does; the overdue filter
keeps that order; 已办结 is counted up to worklist.COUNT_CAP and paged newest first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import select

from minqing_routing import worklist
from minqing_routing.adapters.tables import cases, parts
from routing.queue_plans import SUPERVISOR, street_queue

SIZE = 40
UNITS = ("ht-s1", "ht-c1", "ht-c2")  # the street and its communities: the supervisor's queue with below


@pytest.fixture
def street(make_database):
    with street_queue(make_database, 600, 1500) as runtime:
        yield runtime


def expected_open(runtime) -> list[tuple[datetime, str]]:
    """The street's open cases by the deadline that applies to its supervisor now, worked out here."""
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(cases).where(
                cases.c.district == "hilltown",
                cases.c.unit_id.in_(UNITS),
                cases.c.state.in_(("dispatched", "accepted")),
            )
        ).all()
        held = dict(
            connection.execute(
                select(parts.c.case_id, parts.c.deadline).where(
                    parts.c.unit_id == "ht-s1", parts.c.lead.is_(False), parts.c.status.in_(("open", "accepted"))
                )
            ).all()
        )
    own = {
        r.id: (r.acceptance_deadline or r.response_deadline) if r.state == "dispatched" else r.resolution_deadline
        for r in rows
    }
    due = {r.id: held[r.id] if r.joint and r.id in held else own[r.id] for r in rows}
    assert any(due[i] != own[i] for i in due), "the seed has co-handled cases whose part sets the deadline"
    return sorted((when, case_id) for case_id, when in due.items())


def turn(runtime, filters: worklist.Filters, found: dict, way: str) -> dict:
    """The page after (``next``) or before (``previous``) the one found, by its cursor."""
    number = found["page"] + (1 if way == "next" else -1)
    turned = worklist.page(runtime, SUPERVISOR, replace(filters, page=number, cursor=found[way]), size=SIZE)
    assert turned["page"] == number
    return turned


def walk(runtime, filters: worklist.Filters) -> tuple[list[list[str]], list[list[str]]]:
    """Every page's case ids following next from the first page, then previous back from the last."""
    found = worklist.page(runtime, SUPERVISOR, filters, size=SIZE)
    pages = {"next": [ids(found)], "previous": []}
    for way in pages:
        if way == "previous":
            pages[way].append(ids(found))
        while found[way]:
            found = turn(runtime, filters, found, way)
            pages[way].append(ids(found))
    return pages["next"], pages["previous"][::-1]


def ids(found: dict) -> list[str]:
    return [c["case_id"] for c in found["cases"]]


def test_the_open_queue_pages_by_its_deadline_cursor(street):
    expected = [case_id for _due, case_id in expected_open(street)]
    forward, backward = walk(street, worklist.Filters(below=True))
    assert [case_id for page in forward for case_id in page] == expected
    assert backward == forward and len(forward) == -(-len(expected) // SIZE)
    jumped = worklist.page(street, SUPERVISOR, worklist.Filters(below=True, page=7), size=SIZE)
    assert [c["case_id"] for c in jumped["cases"]] == forward[6] and jumped["total"] == len(expected)

    now = street.now()  # overdue: the same order, those before now
    late = [case_id for due, case_id in expected_open(street) if due < now]
    forward, backward = walk(street, worklist.Filters(below=True, overdue=True))
    assert [case_id for page in forward for case_id in page] == late and backward == forward
    assert worklist.page(street, SUPERVISOR, worklist.Filters(below=True, overdue=True))["total"] == len(late)


def test_finished_cases_are_counted_up_to_the_cap_and_paged_newest_first(street):
    first_filters = worklist.Filters(view="done", below=True)
    first = worklist.page(street, SUPERVISOR, first_filters, size=SIZE)
    assert first["total"] == worklist.COUNT_CAP and first["capped"] and first["pages"] is None
    with street.db.engine.connect() as connection:
        newest = (
            connection.execute(
                select(cases.c.id)
                .where(cases.c.unit_id.in_(UNITS), cases.c.state == "resolved")
                .order_by(cases.c.updated_at.desc(), cases.c.id.desc())
                .limit(3 * SIZE)
            )
            .scalars()
            .all()
        )
    shown = [c["case_id"] for c in first["cases"]]
    found = first
    for number in (2, 3):
        found = worklist.page(
            street, SUPERVISOR, worklist.Filters(view="done", below=True, page=number, cursor=found["next"]), size=SIZE
        )
        shown += [c["case_id"] for c in found["cases"]]
    assert shown == newest
    back = worklist.page(
        street, SUPERVISOR, worklist.Filters(view="done", below=True, page=2, cursor=found["previous"]), size=SIZE
    )
    assert [c["case_id"] for c in back["cases"]] == newest[SIZE : 2 * SIZE]
    few = worklist.page(street, SUPERVISOR, worklist.Filters(view="done", below=True, text="HT-20261202-0001234"))
    assert few["total"] == 1 and not few["capped"] and few["pages"] == 1
