"""Ticket numbers: district prefix + date + sequence, e.g. ``XL-20261122-000042``.

The counter row for (district, day) is counted up inside the submitting transaction by one upsert
(the day's first submission creates it): its row lock (PostgreSQL) or the single write lock (SQLite)
makes concurrent intake processes wait their turn, so numbers are unique, and a rolled-back submission
returns its number to nobody else."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from minqing_kit.statements import dialect_insert

from .tables import ticket_counters as counters


def _counting_up(dialect: str):
    statement = dialect_insert(dialect, counters).values(
        district=bindparam("of_district"), day=bindparam("of_day"), last=1
    )
    statement = statement.on_conflict_do_update(
        index_elements=[counters.c.district, counters.c.day], set_={"last": counters.c.last + 1}
    )
    return statement.returning(counters.c.last)


NEXT_NUMBER = {dialect: _counting_up(dialect) for dialect in ("postgresql", "sqlite")}


def numbering(session: Session, district: str, day: date) -> tuple[Any, dict]:
    """The statement that takes the day's next number, with its values (``ticket`` reads its row): for
    ``session.execute``, or to send with a submission's other statements (``minqing_kit.pipeline``)."""
    return NEXT_NUMBER[session.get_bind().dialect.name], {"of_district": district, "of_day": day}


def ticket(prefix: str, day: date, row: Any) -> str:
    return f"{prefix}-{day:%Y%m%d}-{row[0]:06d}"


def last_ticket_number(session: Session, district: str, day: date) -> int:
    key = (counters.c.district == district) & (counters.c.day == day)
    return session.execute(select(counters.c.last).where(key)).scalar() or 0
