"""Use case: 我也遇到了 (me too), FixMyStreet's "is this your problem?". Before a resident files, the open
cases at the same place that the duplicate rule finds the same request are shown, public fields only
(what the public view shows: ticket, category, community, status, when; never the text, the address or
a contact), so the resident can join one instead of filing it again. Echo-wall posts (anonymous) and
non-public requests (不公开: public False) are never shown. Read with the duplicate check's query and
index (open_candidates), nothing written."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from .bootstrap import Runtime
from .clock import iso_utc
from .domain.duplicates import similar_open
from .domain.submission import Submission
from .open_candidates import candidates_of, compared, open_at_place

SHOWN = 5  # the most a resident is asked to look through on a phone


def similar_open_cases(runtime: Runtime, s: Submission, limit: int = SHOWN) -> list[dict]:
    """The open cases the submission (already checked) is most likely the same request as, most similar first."""
    district = runtime.districts[s.district]
    place = runtime.places[s.district].resolve(s.grid_code, s.address, s.lat, s.lon)
    if not place.place_key:
        return []
    content, now = s.content.strip(), datetime.now(UTC)
    words = runtime.classifiers[s.district].words(content)
    new = compared(runtime, s.district, str(uuid.uuid4()), "", content, words, s.address, now)
    with runtime.db.engine.connect() as connection:
        found = open_at_place(runtime, connection, s.district, place.place_key, now)
    rows = [r for r in found if not r.anonymous and r.public is not False]  # PUBLICLY_SHOWN's rule
    shown = similar_open(new, candidates_of(runtime, s.district, rows), district.duplicates, limit)
    by_id = {r.id: r for r in rows}
    names = {c.code: c.name for c in district.categories}
    grids = runtime.places[s.district].grids
    return [_public(by_id[c.case_id], names, grids) for c in shown]


def _public(row, category_names: dict[str, str], grids: dict[str, str]) -> dict:
    return {
        "ticket": row.ticket,
        "category": row.category,
        "category_name": category_names.get(row.category),
        "community": grids.get(row.grid_code) if row.grid_code else None,
        "status": row.status,
        "received_at": iso_utc(row.received_at),
    }
