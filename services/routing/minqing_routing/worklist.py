"""A person's queue as the workbench pages it: open work by default (finished cases in their own view),
each case with the deadline that applies to it now, filtered, searched and sorted in SQL, one page at a
time, so no open case ever falls off the end.

Every page is a range read of an index in the queue's order (migration 0015): the open queue by the
deadline that applies now then the case id (``ix_cases_open_due`` holds a case's own deadline; the few
joint cases whose reader holds a co-handler part come by their part's deadline from the parts index,
merged in), 已办结 newest first (``ix_cases_finished``, updated_at then id). The next and previous pages
continue from a ``Cursor`` (the last or first row's order key: keyset, no OFFSET); a page asked for by
its number alone (a bookmark) skips rows along the same index. The open queue's total is counted;
已办结's is counted up to ``COUNT_CAP`` (shown as "1,000 件以上"), since it grows without end."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Subquery,
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    tuple_,
    union_all,
)

from minqing_kit.tokens import Principal

from .adapters.tables import FINISHED_STATES, OWN_DUE, SUPERVISION, cases, history, parts
from .bootstrap import Runtime
from .domain.org import DistrictOrg
from .queries import OPEN, row_for, scope

PAGE_SIZE = 50
COUNT_CAP = 1000  # 已办结 counts up to this many (at least a page's worth: an export's page)
FINISHED = FINISHED_STATES
VIEWS = ("open", "done")
WHOLE_TICKET = re.compile(r"[A-Z]{1,8}-\d{8}-\d{6,}")  # intake's ticket number (adapters/tickets.py)


@dataclass(frozen=True)
class Cursor:
    """Where the next or previous page starts: the order key (the deadline that applies now in 待办,
    updated_at in 已办结) and the case id of the row it continues from; ``forward``: the rows after it."""

    at: datetime
    case_id: str
    forward: bool = True


@dataclass(frozen=True)
class Filters:
    """What the person asked for; ``view`` is ``open`` (待办) or ``done`` (已办结), ``text`` a ticket or a word;
    ``page`` the page's number, read from ``cursor`` when there is one, else by skipping to it."""

    view: str = "open"
    state: str | None = None
    category: str | None = None
    request_type: str | None = None  # 诉求类型 (minqing_contracts.request_types)
    grid: str | None = None
    overdue: bool = False
    supervised: bool = False
    joint: bool = False
    text: str = ""
    below: bool = False
    page: int = 1
    cursor: Cursor | None = None


def part_deadlines(unit_id: str) -> Subquery:
    """``case_id``, ``deadline``: the cases in which ``unit_id`` holds an open co-handler (协办) part, with
    the part's deadline (never after the lead's, domain/joint), to join."""
    held = select(parts.c.case_id, func.min(parts.c.deadline).label("deadline")).where(
        parts.c.unit_id == unit_id, parts.c.lead.is_(False), parts.c.status.in_(("open", "accepted"))
    )
    return held.group_by(parts.c.case_id).subquery("mine")


def due_now(mine: Subquery) -> ColumnElement[Any]:
    """The deadline that applies now, with ``part_deadlines`` joined: the case's own (``tables.OWN_DUE``;
    every dispatch sets the response and resolution deadlines, so an open case has one), or for a
    co-handler (协办) whose part is still open, its part's deadline."""
    return func.coalesce(case((cases.c.joint, mine.c.deadline)), OWN_DUE)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conditions(filters: Filters) -> list[ColumnElement[Any]]:
    """What the filters and the search pick, in either view (overdue is the legs' own: ``_legs``)."""
    found: list[ColumnElement[Any]] = [cases.c.state.in_(OPEN if filters.view == "open" else FINISHED)]
    if filters.state:
        found.append(cases.c.state == filters.state)
    if filters.category:
        found.append(cases.c.category == filters.category)
    if filters.request_type:
        found.append(cases.c.request_type == filters.request_type)
    if filters.grid:
        found.append(cases.c.grid_code == filters.grid)
    if filters.supervised:
        found.append(exists().where(history.c.case_id == cases.c.id, history.c.action.in_(SUPERVISION)))
    if filters.joint:
        found.append(cases.c.joint.is_(True))
    if WHOLE_TICKET.fullmatch(filters.text.upper()):  # a whole ticket number: that case, by its index
        found.append(cases.c.ticket == filters.text.upper())
    elif filters.text:
        found.append(
            or_(
                cases.c.ticket.ilike(_like(filters.text), escape="\\"),
                cases.c.content.ilike(_like(filters.text), escape="\\"),
            )
        )
    return found


@dataclass(frozen=True)
class Leg:
    """A part of the queue read in its index's order: its rows (``source`` where ``picks``) by ``key``."""

    key: ColumnElement[Any]
    picks: list[ColumnElement[bool]]
    source: FromClause = cases

    def overdue(self, now: datetime) -> Leg:
        return Leg(self.key, [*self.picks, self.key < now], self.source)


def _legs(filters: Filters, org: DistrictOrg, who: Principal, now: datetime) -> list[Leg]:
    """The queue in parts, each read in its index's order; together they are ``queries.scope``, each case
    in one. The person's own district's cases by their own deadline (``ix_cases_open_due``) or newest
    first (``ix_cases_finished``); those whose open co-handler part sets the deadline that applies now,
    joined with the parts (a few, through the parts index); another district's (跨区联办). Overdue is each
    leg's key before now (only an open case is overdue), a range of the index too. No correlated
    subquery: the planner would cost one for every case of the district (and compile the statement,
    JIT, for a page of 50)."""
    home, partner = scope(org, who, filters.below)
    elsewhere = [cases.c.id.in_(partner), ~home]
    if filters.view == "done":
        legs = [Leg(cases.c.updated_at, [home]), Leg(cases.c.updated_at, elsewhere)]
        return [Leg(leg.key, [*leg.picks, false()]) for leg in legs] if filters.overdue else legs
    mine = part_deadlines(who.unit_id)
    held = and_(cases.c.joint.is_(True), cases.c.id.in_(select(mine.c.case_id)))
    legs = [
        Leg(OWN_DUE, [home, ~held]),
        Leg(due_now(mine), [home, cases.c.joint.is_(True)], cases.join(mine, mine.c.case_id == cases.c.id)),
        Leg(due_now(mine), elsewhere, cases.outerjoin(mine, mine.c.case_id == cases.c.id)),
    ]
    return [leg.overdue(now) for leg in legs] if filters.overdue else legs


def _ordered(columns: list, leg: Leg, where: list, descending: bool) -> Select:
    """A leg's rows in its index's order (the order key, then the case id)."""
    key = leg.key
    order = [key.desc(), cases.c.id.desc()] if descending else [key.asc(), cases.c.id.asc()]
    return select(*columns).select_from(leg.source).where(*where, *leg.picks).order_by(*order)


def _read(connection, legs: list[Leg], where: list, descending: bool, cursor: Cursor | None, skip: int, size: int):
    """``size`` rows after ``skip`` of the legs merged by (order key, case id), from ``cursor`` on."""
    read = []
    for leg in legs:
        after = []
        if cursor is not None:
            bound, here = tuple_(cursor.at, cursor.case_id), tuple_(leg.key, cases.c.id)
            after = [here < bound if descending else here > bound]
        ordered = _ordered([*cases.c, leg.key.label("due")], leg, [*where, *after], descending)
        read.append(select(ordered.limit(skip + size).subquery()))
    rows = union_all(*read).subquery()
    order = [rows.c.due.desc(), rows.c.id.desc()] if descending else [rows.c.due.asc(), rows.c.id.asc()]
    return connection.execute(select(rows).order_by(*order).offset(skip).limit(size)).all()


def _open_count(connection, filters: Filters, org: DistrictOrg, who: Principal, where: list, now: datetime) -> int:
    """The open cases in the queue: one scan of the open cases' index, the parts' deadlines joined (a
    count has no order to keep, so it need not be read in legs)."""
    home, partner = scope(org, who, filters.below)
    mine = part_deadlines(who.unit_id)
    late = [due_now(mine) < now] if filters.overdue else []
    joined = cases.outerjoin(mine, mine.c.case_id == cases.c.id)
    counted = select(func.count()).select_from(joined).where(or_(home, cases.c.id.in_(partner)), *where, *late)
    return connection.execute(counted).scalar_one()


def _capped_count(connection, legs: list[Leg], where: list, cap: int) -> tuple[int, bool]:
    """How many finished cases the queue holds up to ``cap``, and whether there are more: each leg's
    read along its index up to ``cap`` + 1."""
    some = [select(_ordered([cases.c.id], leg, where, True).limit(cap + 1).subquery()) for leg in legs]
    counted = connection.execute(select(func.count()).select_from(union_all(*some).subquery())).scalar_one()
    return min(counted, cap), counted > cap


def _rows(connection, legs, where, descending: bool, cursor: Cursor | None, number: int, size: int):
    """The page's rows and whether more follow; None when there is no such page any more (the queue
    shrank): then the first page is read."""
    if cursor is not None and not cursor.forward:  # the previous page: read backwards from the cursor
        rows = _read(connection, legs, where, not descending, cursor, 0, size + 1)
        return (rows[:size][::-1], True) if len(rows) > size else None
    skip = 0 if cursor is not None else (number - 1) * size  # a page by its number: skipped to, along the index
    rows = _read(connection, legs, where, descending, cursor, skip, size + 1)
    return (rows[:size], len(rows) > size) if rows or number == 1 else None


def page(
    runtime: Runtime, who: Principal, filters: Filters, size: int = PAGE_SIZE, stale_ok: bool = False
) -> dict[str, Any]:
    """``{"cases": [summary + due], "total", "capped", "page", "pages", "next", "previous"}`` of ``size``
    cases a page (an export takes one large page): ``capped`` when there are more than ``total`` (已办结
    beyond ``COUNT_CAP``; ``pages`` is then None), ``next``/``previous`` the ``Cursor`` of the next and
    previous page or None. A person of no known district sees nothing. ``stale_ok``: read
    ``runtime.read_db`` (a replica a moment behind), for views that never show their user what they have
    just changed."""
    district = runtime.districts.get(who.district)
    if district is None:
        return {"cases": [], "total": 0, "capped": False, "page": 1, "pages": 1, "next": None, "previous": None}
    now, descending = runtime.now(), filters.view == "done"
    where, legs = conditions(filters), _legs(filters, district.org, who, now)
    with (runtime.read_db if stale_ok else runtime.db).engine.connect() as connection:
        if descending:
            total, capped = _capped_count(connection, legs, where, max(COUNT_CAP, size))
        else:
            total, capped = _open_count(connection, filters, district.org, who, where, now), False
        pages = None if capped else max(1, -(-total // size))
        number = max(1, filters.page) if pages is None else min(max(1, filters.page), pages)
        found = _rows(connection, legs, where, descending, filters.cursor, number, size)
        if found is None:
            number, found = 1, _rows(connection, legs, where, descending, None, 1, size)
    rows, more = found
    cases_found = []
    for row in rows:
        body = row_for(runtime, who, row, now)
        body["due"] = row.due.isoformat() if row.due and row.state in OPEN else None
        body["overdue"] = bool(body["due"]) and row.due < now
        cases_found.append(body)
    return {
        "cases": cases_found,
        "total": total,
        "capped": capped,
        "page": number,
        "pages": pages,
        "next": Cursor(rows[-1].due, rows[-1].id) if rows and more else None,
        "previous": Cursor(rows[0].due, rows[0].id, forward=False) if rows and number > 1 else None,
    }
