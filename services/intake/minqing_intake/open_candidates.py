"""The open cases at a place that a new request may be the same request as (domain/duplicates.py):
the duplicate flag at filing and the 我也遇到了 (me too) list before it read them the same way, with
the partial index ix_cases_open_place_received (district, place key, newest first, open cases only)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, select

from .adapters.tables import cases
from .bootstrap import Runtime
from .domain.duplicates import Candidate, candidate
from .domain.tracking import OPEN_STATUSES

DUPLICATE_CANDIDATES = 100  # the most recent open cases at the place
# Built once, values bound per request: SQLAlchemy compiles it only once per process.
CANDIDATES_AT_PLACE = (
    select(
        cases.c.id,
        cases.c.ticket,
        cases.c.content,
        cases.c.words,
        cases.c.address,
        cases.c.received_at,
        cases.c.category,
        cases.c.status,
        cases.c.grid_code,
        cases.c.anonymous,
        cases.c.public,
    )
    .where(
        cases.c.district == bindparam("district"),
        cases.c.place_key == bindparam("place_key"),
        cases.c.status.in_(OPEN_STATUSES),
        cases.c.received_at >= bindparam("since"),
    )
    .order_by(cases.c.received_at.desc())
    .limit(DUPLICATE_CANDIDATES)
)


def compared(
    runtime: Runtime,
    district: str,
    case_id: str,
    ticket: str,
    text: str,
    words: list[str],
    address: str | None,
    received_at: datetime,
) -> Candidate:
    """A request (new or on file) as the duplicate rule compares it, with the district's words and buildings."""
    classifier = runtime.classifiers[district]
    return candidate(
        case_id,
        ticket,
        text,
        words,
        address=address,
        address_words=classifier.words(address) if address else [],
        building=runtime.places[district].building_of(address, text),
        received_at=received_at,
    )


def open_at_place(runtime: Runtime, connection, district: str, place_key: str, now: datetime) -> list:
    """The open cases at the place within the district's window (rows, newest first)."""
    return connection.execute(*at_place(runtime, district, place_key, now)).all()


def at_place(runtime: Runtime, district: str, place_key: str, now: datetime) -> tuple[Select, dict]:
    """``open_at_place``'s statement and values, to send with a submission's other statements."""
    since = now - timedelta(days=runtime.districts[district].duplicates.window_days)
    return CANDIDATES_AT_PLACE, {"district": district, "place_key": place_key, "since": since}


def candidates_of(runtime: Runtime, district: str, rows: list) -> list[Candidate]:
    return [
        compared(runtime, district, r.id, r.ticket, r.content, r.words.split(), r.address, r.received_at) for r in rows
    ]
