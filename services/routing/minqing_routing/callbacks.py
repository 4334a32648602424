"""The hotline's call-back list (热线回拨): a district's call-backs that handlers asked for
(``request_callback`` steps, ``domain/resident_contact``) and no operator has answered yet, earliest due
first, with the case's ticket, the question and who asked. A case's call-backs are answered in turn, so
one waits while its case has more requests than answers."""

from __future__ import annotations

from sqlalchemy import Integer, case, func, select

from .adapters.tables import cases, history
from .bootstrap import Runtime
from .domain.resident_contact import callback_asked

ASKED, ANSWERED = "request_callback", "answer_callback"


def waiting(runtime: Runtime, district: str, limit: int = 200) -> list[dict]:
    counted = lambda action: func.sum(case((history.c.action == action, 1), else_=0).cast(Integer))  # noqa: E731
    open_cases = (
        select(history.c.case_id)
        .join(cases, cases.c.id == history.c.case_id)
        .where(cases.c.district == district, history.c.action.in_((ASKED, ANSWERED)))
        .group_by(history.c.case_id)
        .having(counted(ASKED) > counted(ANSWERED))
    )
    query = (
        select(history, cases.c.ticket, cases.c.unit_id.label("case_unit"))
        .join(cases, cases.c.id == history.c.case_id)
        .where(history.c.case_id.in_(open_cases), history.c.action == ASKED)
        .order_by(history.c.id.desc())
    )
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query).all()
    latest = {}
    for row in rows:  # newest first: each case's latest request
        latest.setdefault(row.case_id, row)
    found = []
    for row in latest.values():
        asked = callback_asked(row.reason)
        if asked:
            due, question = asked
            found.append(
                {
                    "case_id": row.case_id,
                    "ticket": row.ticket,
                    "unit_id": row.case_unit,
                    "asked_at": row.at,
                    "asked_by": row.actor_name,
                    "due_at": due,
                    "question": question,
                }
            )
    return sorted(found, key=lambda c: c["due_at"])[:limit]
