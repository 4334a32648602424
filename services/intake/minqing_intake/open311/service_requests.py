"""Open311 service requests read from intake's cases: a ticket is the service_request_id; the status is
``open`` until the case is resolved, closed or merged; agency_responsible is the unit it is dispatched to.
A non-public request (不公开) is not served: to GeoReport's public GET it does not exist (404)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ..adapters.tables import PUBLICLY_SHOWN, cases
from ..clock import iso_utc
from ..domain.redaction import redact
from ..domain.tracking import CLOSED_STATUSES, OPEN_STATUSES, open311_status

MAX_RESULTS = 1000
DEFAULT_SPAN = timedelta(days=90)


def as_request(row, category_names: dict[str, str]) -> dict:
    """A GeoReport request, as public as intake's public view (views.py): the description is the
    category, never the resident's text (it names buildings, flats and people; an echo-wall post's could
    tell who wrote it); the notes are redacted; the place is the grid code, never the exact address."""
    name = category_names.get(row.category, row.category)
    item = {
        "service_request_id": row.ticket,
        "status": open311_status(row.status),
        "service_code": row.category,
        "service_name": name,
        "description": name,
        "requested_datetime": iso_utc(row.received_at),
        "updated_datetime": iso_utc(row.updated_at),
    }
    optional = {"status_notes": redact(row.reply), "agency_responsible": row.unit_name, "address_id": row.grid_code}
    item.update({k: v for k, v in optional.items() if v})
    return item


def list_requests(
    connection,
    district: str,
    *,
    ids: list[str] | None = None,
    service_code: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] | None = None,
):
    if "\x00" in (service_code or "") + "".join(ids or []):
        return []  # no ticket or category holds a NUL character (and PostgreSQL refuses one in a query)
    query = select(cases).where(cases.c.district == district, PUBLICLY_SHOWN)  # a 不公开 request is never listed
    if ids:
        query = query.where(cases.c.ticket.in_(ids[:MAX_RESULTS]))
    else:
        start, end = span(start, end)
        query = query.where(cases.c.received_at >= start, cases.c.received_at <= end)
        if service_code:
            query = query.where(cases.c.category == service_code)
        wanted: list[str] = []
        for status in statuses or []:
            wanted += list(OPEN_STATUSES if status == "open" else CLOSED_STATUSES)
        if wanted:
            query = query.where(cases.c.status.in_(wanted))
    return connection.execute(query.order_by(cases.c.received_at.desc()).limit(MAX_RESULTS)).all()


def span(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The searched span: the last 90 days up to ``end`` (default now), never more."""
    end = end or datetime.now(UTC)
    try:
        floor = end - DEFAULT_SPAN
    except OverflowError:  # an end in the first 90 days of year 1
        floor = datetime.min.replace(tzinfo=UTC)
    return max(start or floor, floor), end


def request_for_token(connection, district: str, token: str) -> str | None:
    """The token handed out on POST is the case id: it names the case without revealing anything."""
    return connection.execute(select(cases.c.ticket).where(cases.c.id == token, cases.c.district == district)).scalar()
