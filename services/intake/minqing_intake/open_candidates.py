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
    *,
    at: tuple[frozenset[str], str | None] | None = None,
) -> Candidate:
    """A request (new or on file) as the duplicate rule compares it, with the district's words and buildings
    (``at``: its address's ``address_facts``, when already known)."""
    address_words, building = at or address_facts(runtime, district, address)
    return candidate(
        case_id,
        ticket,
        text,
        words,
        address=address,
        address_words=address_words,
        building=building or runtime.places[district].building_of(text),
        received_at=received_at,
    )


def address_facts(runtime: Runtime, district: str, address: str | None) -> tuple[frozenset[str], str | None]:
    """An address's words (they are place words, not the problem) and the building it names."""
    if not address:
        return frozenset(), None
    return runtime.classifiers[district].address_words(address), runtime.places[district].building_of(address)


def open_at_place(runtime: Runtime, connection, district: str, place_key: str, now: datetime) -> list:
    """The open cases at the place within the district's window (rows, newest first)."""
    return connection.execute(*at_place(runtime, district, place_key, now)).all()


def at_place(runtime: Runtime, district: str, place_key: str, now: datetime) -> tuple[Select, dict]:
    """``open_at_place``'s statement and values, to send with a submission's other statements."""
    since = now - timedelta(days=runtime.districts[district].duplicates.window_days)
    return CANDIDATES_AT_PLACE, {"district": district, "place_key": place_key, "since": since}


def candidates_of(runtime: Runtime, district: str, rows: list) -> list[Candidate]:
    """The rows as the rule compares them, each distinct address looked at once."""
    known: dict[str | None, tuple[frozenset[str], str | None]] = {}
    found = []
    for r in rows:
        if r.address not in known:
            known[r.address] = address_facts(runtime, district, r.address)
        at = known[r.address]
        found.append(
            compared(runtime, district, r.id, r.ticket, r.content, r.words.split(), r.address, r.received_at, at=at)
        )
    return found
