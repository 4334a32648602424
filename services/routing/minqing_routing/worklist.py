"""A person's queue as the workbench pages it: open work by default (finished cases in their own view),
each case with the deadline that applies to it now, filtered, searched and sorted in SQL, one page at a
time with the total, so no open case ever falls off the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, exists, false, func, null, or_, select

from minqing_kit.tokens import Principal

from .adapters.tables import FINISHED_STATES, SUPERVISION, cases, history, parts
from .bootstrap import Runtime
from .queries import OPEN, row_for, scope

PAGE_SIZE = 50
FINISHED = FINISHED_STATES
VIEWS = ("open", "done")


@dataclass(frozen=True)
class Filters:
    """What the person asked for; ``view`` is ``open`` (待办) or ``done`` (已办结), ``text`` a ticket or a word."""

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


def due_now(unit_id: str) -> ColumnElement[Any]:
    """The deadline that applies now: until the case is accepted its acceptance deadline (签收时限), or the
    response deadline where the dispatch set none; then the resolution deadline; for a co-handler (协办)
    whose part is still open, its part's deadline (looked up for joint cases alone: PostgreSQL evaluates a
    CASE branch only when it is taken, so a queue of open cases runs no subquery per plain case)."""
    my_part = (
        select(func.min(parts.c.deadline))
        .where(
            parts.c.case_id == cases.c.id,
            parts.c.unit_id == unit_id,
            parts.c.lead.is_(False),
            parts.c.status.in_(("open", "accepted")),
        )
        .scalar_subquery()
    )
    waiting = func.coalesce(cases.c.acceptance_deadline, cases.c.response_deadline)
    own = case((cases.c.state == "dispatched", waiting), else_=cases.c.resolution_deadline)
    return func.coalesce(case((cases.c.joint, my_part)), own)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conditions(filters: Filters, due: ColumnElement[Any], now: datetime) -> list[ColumnElement[Any]]:
    found: list[ColumnElement[Any]] = [cases.c.state.in_(OPEN if filters.view == "open" else FINISHED)]
    if filters.state:
        found.append(cases.c.state == filters.state)
    if filters.category:
        found.append(cases.c.category == filters.category)
    if filters.request_type:
        found.append(cases.c.request_type == filters.request_type)
    if filters.grid:
        found.append(cases.c.grid_code == filters.grid)
    if filters.overdue:  # only an open case is overdue (the state said twice, the planner counts its
        found.append(due < now if filters.view == "open" else false())  # selectivity twice, takes another index)
    if filters.supervised:
        found.append(exists().where(history.c.case_id == cases.c.id, history.c.action.in_(SUPERVISION)))
    if filters.joint:
        found.append(cases.c.joint.is_(True))
    if filters.text:
        found.append(
            or_(
                cases.c.ticket.ilike(_like(filters.text), escape="\\"),
                cases.c.content.ilike(_like(filters.text), escape="\\"),
            )
        )
    return found


def page(
    runtime: Runtime, who: Principal, filters: Filters, size: int = PAGE_SIZE, stale_ok: bool = False
) -> dict[str, Any]:
    """``{"cases": [summary + due], "total", "page", "pages"}`` of ``size`` cases a page (an export takes
        one large page); a person of no known district sees nothing. ``stale_ok``: read ``runtime.read_db``
    (a replica a moment behind), for views that never show their user what they have just changed."""
    district = runtime.districts.get(who.district)
    if district is None:
        return {"cases": [], "total": 0, "page": 1, "pages": 1}
    now, due = runtime.now(), due_now(who.unit_id)
    where = [scope(district.org, who, filters.below), *conditions(filters, due, now)]
    order = [due.asc().nulls_last(), cases.c.id] if filters.view == "open" else [cases.c.updated_at.desc(), cases.c.id]
    with (runtime.read_db if stale_ok else runtime.db).engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(cases).where(*where)).scalar_one()
        pages = max(1, -(-total // size))
        number = min(max(1, filters.page), pages)
        rows = connection.execute(
            select(cases, (due if filters.view == "open" else null()).label("due"))  # finished: none to count down
            .where(*where)
            .order_by(*order)
            .offset((number - 1) * size)
            .limit(size)
        ).all()
    found = []
    for row in rows:
        body = row_for(runtime, who, row, now)
        body["due"] = row.due.isoformat() if row.due and row.state in OPEN else None
        body["overdue"] = bool(body["due"]) and row.due < now
        found.append(body)
    return {"cases": found, "total": total, "page": number, "pages": pages}
