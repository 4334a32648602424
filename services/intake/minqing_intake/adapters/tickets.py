"""Ticket numbers: district prefix + date + sequence, e.g. ``XL-20261122-000042``.

The counter row for (district, day) is incremented inside the submitting transaction; the row lock
(PostgreSQL) or the single write lock (SQLite) makes concurrent intake processes wait their turn,
so numbers are unique and a rolled-back submission returns its number to nobody else."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .tables import ticket_counters as counters

THIS_COUNTER = (counters.c.district == bindparam("of_district")) & (counters.c.day == bindparam("of_day"))
INCREMENT = update(counters).where(THIS_COUNTER).values(last=counters.c.last + 1).returning(counters.c.last)
CREATE = insert(counters).values(district=bindparam("of_district"), day=bindparam("of_day"), last=1)


def next_ticket(session: Session, district: str, prefix: str, day: date) -> str:
    key = {"of_district": district, "of_day": day}
    row = session.execute(INCREMENT, key).first()
    if row is None:
        try:
            with session.begin_nested():
                session.execute(CREATE, key)
            number = 1
        except IntegrityError:  # another process created today's row first
            number = session.execute(INCREMENT, key).scalar_one()
    else:
        number = row[0]
    return f"{prefix}-{day:%Y%m%d}-{number:06d}"


def last_ticket_number(session: Session, district: str, day: date) -> int:
    key = (counters.c.district == district) & (counters.c.day == day)
    return session.execute(select(counters.c.last).where(key)).scalar() or 0
