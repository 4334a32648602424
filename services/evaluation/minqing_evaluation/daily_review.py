"""The daily review (每日一研判): what a community's or street's morning meeting reads about one local day,
from the read model: requests received, cases sent back (退单), reopened (重办), merged into another
(a duplicate cluster), answers not satisfied or not solved, and the cases under supervision (督办) still
without an answer, and the early warnings (未诉先办) raised for the day. Tickets, categories, grids and
units only: no request text, no resident."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, select

from minqing_kit.errors import ApiError

from .adapters.tables import cases, evaluations, facts
from .adapters.warning_tables import early_warnings
from .bootstrap import Runtime
from .domain.facts import MERGED, REOPENED, RETURNED
from .domain.themes import Area, areas

SECTIONS = {  # key: (Chinese title, what it holds)
    "received": ("新诉求", "received on the day"),
    "overdue": ("督办未结", "supervised (督办) by the end of the day and not answered since, as of now"),
    "returned": ("退单", "sent back by a unit on the day"),
    "reopened": ("重办", "reopened on the day"),
    "unsatisfied": ("不满意", "follow-up answers on the day: not solved or not satisfied"),
    "merged": ("重复合并", "merged into another case on the day (a duplicate cluster)"),
}
ROW = (cases.c.case_id, cases.c.ticket, cases.c.category, cases.c.grid_code, cases.c.unit_name)


def scope_area(runtime: Runtime, district: str, scope: str) -> Area:
    found = areas(runtime.districts[district]).get(scope)
    if found is None or found.level == "grid":
        raise ApiError(404, "not_found", "no such street or community", "没有该街道或社区")
    return found


def build(runtime: Runtime, district: str, scope: str, day: date) -> dict:
    area = scope_area(runtime, district, scope)
    tz = runtime.tz(district)
    since = datetime.combine(day, time.min, tzinfo=tz)
    until = since + timedelta(days=1)
    grids = sorted(area.grids)
    in_scope = and_(cases.c.district == district, cases.c.grid_code.in_(grids))
    queries = {
        "received": select(*ROW, cases.c.received_at.label("at"))
        .where(in_scope, cases.c.received_at >= since, cases.c.received_at < until)
        .order_by(cases.c.received_at),
        "overdue": _overdue(in_scope, until),
        "unsatisfied": select(*ROW, evaluations.c.answered_at.label("at"))
        .join(evaluations, evaluations.c.case_id == cases.c.case_id)
        .where(
            in_scope,
            evaluations.c.answered_at >= since,
            evaluations.c.answered_at < until,
            (evaluations.c.satisfaction == "not_satisfied") | evaluations.c.solved.is_(False),
        )
        .order_by(evaluations.c.answered_at),
    }
    for key, event_type in (("returned", RETURNED), ("reopened", REOPENED), ("merged", MERGED)):
        queries[key] = _on_the_day(event_type, in_scope, since, until)
    warned = (
        select(early_warnings.c.grid_code, early_warnings.c.category, early_warnings.c.count, early_warnings.c.baseline)
        .where(
            early_warnings.c.district == district, early_warnings.c.day == day, early_warnings.c.grid_code.in_(grids)
        )
        .order_by(early_warnings.c.count.desc())
    )
    with runtime.db.engine.connect() as connection:
        sections = {key: [_row(r, tz) for r in connection.execute(query)] for key, query in queries.items()}
        warnings = [
            {"grid_code": w.grid_code, "category": w.category, "count": w.count, "baseline": round(w.baseline, 1)}
            for w in connection.execute(warned)
        ]
    return {
        "district": district,
        "scope": scope,
        "scope_name": area.name,
        "level": area.level,
        "date": day.isoformat(),
        "counts": {key: len(rows) for key, rows in sections.items()},
        "sections": sections,
        "warnings": warnings,  # early warnings (未诉先办) the day's check raised in the scope's grids
        "definitions": {key: text for key, (_, text) in SECTIONS.items()},
    }


def _on_the_day(event_type: str, in_scope, since: datetime, until: datetime):
    return (
        select(*ROW, facts.c.occurred_at.label("at"))
        .join(facts, facts.c.case_id == cases.c.case_id)
        .where(in_scope, facts.c.event_type == event_type, facts.c.occurred_at >= since, facts.c.occurred_at < until)
        .order_by(facts.c.occurred_at)
    )


def _overdue(in_scope, until: datetime):
    """Cases under supervision (督办) by the end of the day with no answer since (as of now: the read
    model keeps each case's latest unanswered supervision)."""
    return (
        select(*ROW, cases.c.supervised_at.label("at"))
        .where(in_scope, cases.c.supervised_at.is_not(None), cases.c.supervised_at < until)
        .order_by(cases.c.supervised_at)
    )


def _row(row, tz) -> dict:
    return {
        "ticket": row.ticket,
        "category": row.category,
        "grid_code": row.grid_code,
        "unit_name": row.unit_name,
        "at": row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if row.at else None,
    }
