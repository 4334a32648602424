"""Use case: read a case's photo as stored (re-encoded, no metadata): for anyone holding its link (the
resident's track page, not audited: the resident's own), or for the staff of the case's district through
the API, each such view an audit entry (``photo_views``: who, when, which case and photo), as a contact
reveal is one in routing's trail. A view is one per person, case and photo within ``AUDIT_WINDOW``, not one
per HTTP load: a page showing a thumbnail, reloaded, then the photo opened, is one entry; the same person
again after the window, or anyone else, is a new one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from minqing_kit.errors import ApiError

from .adapters.photo_files import photo_store
from .adapters.tables import cases, photo_views
from .bootstrap import Runtime
from .domain.channels import Staff
from .domain.photos import CONTENT_TYPES, PHOTO_ID, sniff
from .domain.reclassification import in_scope

AUDIT_WINDOW = timedelta(minutes=10)
PHOTO_HEADERS = {"Cache-Control": "private, max-age=86400", "Content-Disposition": "inline"}


def photo_ids(attachments: list[dict]) -> list[str]:
    """The ids of a case's stored photos among its attachments (Open311 media URLs are not ours)."""
    found = (str(a.get("ref", ""))[4:] for a in attachments if str(a.get("ref", "")).startswith("att:"))
    return [i for i in found if PHOTO_ID.fullmatch(i)]


def read_photo(runtime: Runtime, photo_id: str, thumb: bool) -> tuple[bytes, str]:
    """(the stored bytes, their content type); 404 when there is no such photo."""
    data = photo_store(runtime.settings.PHOTO_DIR).get(photo_id, "thumb" if thumb else "full")
    kind = sniff(data[:16]) if data else None
    if data is None or kind not in CONTENT_TYPES:
        raise ApiError(404, "not_found", "no such photo", "未找到该照片")
    return data, CONTENT_TYPES[kind]


def listed(runtime: Runtime, staff: Staff, tickets: list[str]) -> list[dict]:
    """The photo ids of each ticket that is a case of the staff member's district (another district's or an
    unknown ticket is left out, as if absent). A list is not a view of a photo: nothing is audited."""
    query = select(cases.c.ticket, cases.c.district, cases.c.attachments).where(cases.c.ticket.in_(tickets))
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query.order_by(cases.c.ticket)).all()
    return [
        {"ticket": r.ticket, "photo_ids": photo_ids(json.loads(r.attachments))}
        for r in rows
        if in_scope(staff, r.district)
    ]


def staff_photo(runtime: Runtime, staff: Staff, ticket: str, photo_id: str, thumb: bool) -> tuple[bytes, str]:
    """A photo of a case of the staff member's district, its view audited in the same transaction as the
    read (no photo leaves unaudited); 404 for another district's case (as if absent), nothing recorded."""
    with runtime.db.transaction() as session:
        row = session.execute(
            select(cases.c.id, cases.c.district, cases.c.attachments).where(cases.c.ticket == ticket)
        ).first()
        if row is None or not in_scope(staff, row.district) or photo_id not in photo_ids(json.loads(row.attachments)):
            raise ApiError(404, "not_found", f"no such photo of case {ticket}", "未找到该诉求的这张照片")
        found = read_photo(runtime, photo_id, thumb)
        _audit(session, row, photo_id, staff.person_id, datetime.now(UTC))
    return found


def _audit(session: Session, case, photo_id: str, person_id: str, now: datetime) -> None:
    """The view's entry, unless the person's view of that photo of the case is already audited within the window."""
    seen = photo_views.c
    recent = select(seen.id).where(
        seen.case_id == case.id,
        seen.photo_id == photo_id,
        seen.person_id == person_id,
        seen.viewed_at > now - AUDIT_WINDOW,
    )
    if session.execute(recent.limit(1)).first() is None:
        session.execute(
            photo_views.insert(),
            {
                "case_id": case.id,
                "district": case.district,
                "photo_id": photo_id,
                "person_id": person_id,
                "viewed_at": now,
            },
        )
