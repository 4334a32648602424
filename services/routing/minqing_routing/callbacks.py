"""The hotline's call-back list (热线回拨): a district's call-backs that handlers asked for
(``request_callback`` steps, ``domain/resident_contact``) and no operator has answered yet, earliest due
first, with the case's ticket, the question and who asked. A case's call-backs are answered in turn, so
one waits while its case has more requests than answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, case, func, select

from .adapters.tables import CALLBACK_STEPS, cases, history
from .bootstrap import Runtime
from .domain.resident_contact import callback_asked

ASKED, ANSWERED = CALLBACK_STEPS  # their steps indexed by ix_case_history_callbacks (migration 0015)


def waiting(runtime: Runtime, district: str, limit: int = 200) -> list[dict]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(_latest_requests(district)).all()
    latest: dict[str, Any] = {}
    for row in rows:  # newest first: each case's latest request
        latest.setdefault(row.case_id, row)
    found = [_item(row, asked) for row in latest.values() if (asked := callback_asked(row.reason))]
    return sorted(found, key=lambda c: c["due_at"])[:limit]


def _latest_requests(district: str) -> Select:
    """The requests of the district's cases with more requests than answers, newest first."""
    counted = lambda action: func.sum(case((history.c.action == action, 1), else_=0).cast(Integer))  # noqa: E731
    unanswered = (
        select(history.c.case_id)
        .join(cases, cases.c.id == history.c.case_id)
        .where(cases.c.district == district, history.c.action.in_((ASKED, ANSWERED)))
        .group_by(history.c.case_id)
        .having(counted(ASKED) > counted(ANSWERED))
    )
    return (
        select(history, cases.c.ticket, cases.c.unit_id.label("case_unit"))
        .join(cases, cases.c.id == history.c.case_id)
        .where(history.c.case_id.in_(unanswered), history.c.action == ASKED)
        .order_by(history.c.id.desc())
    )


def _item(row, asked: tuple[datetime, str]) -> dict:
    due, question = asked
    return {
        "case_id": row.case_id,
        "ticket": row.ticket,
        "unit_id": row.case_unit,
        "asked_at": row.at,
        "asked_by": row.actor_name,
        "due_at": due,
        "question": question,
    }
