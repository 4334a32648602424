"""Use case: the audit of staff viewing residents' photos (``photo_views``, written by ``case_photos``), read
back for the district's supervisors: who viewed which case's photo, when; newest first, a page at a time
(keyset on the entry's id: ``before`` the last id of the page read). Nobody else reads it, and never
another district's entries."""

from __future__ import annotations

from sqlalchemy import select

from minqing_kit.errors import ApiError

from .adapters.tables import cases, photo_views
from .bootstrap import Runtime
from .domain.channels import Staff

READERS = frozenset({"supervisor"})
MAX_PAGE = 200
PAGE = (
    select(
        photo_views.c.id,
        cases.c.ticket,
        photo_views.c.case_id,
        photo_views.c.photo_id,
        photo_views.c.person_id,
        photo_views.c.viewed_at,
    )
    .join(cases, cases.c.id == photo_views.c.case_id)
    .order_by(photo_views.c.id.desc())
)


def views(runtime: Runtime, staff: Staff, district: str, ticket: str | None, before: int | None, limit: int) -> dict:
    """A page of the district's photo views (``ticket``: that case's only), and ``next_before`` for the
    next page (None: this was the last); 403 unless ``staff`` supervises ``district``."""
    if staff.district != district or not READERS & set(staff.roles):
        raise ApiError(
            403, "forbidden", "only the district's supervisors read its photo audit", "仅本区督办人员可查看照片查看记录"
        )
    query = PAGE.where(photo_views.c.district == district).limit(limit + 1)
    if ticket:
        query = query.where(cases.c.ticket == ticket)
    if before is not None:
        query = query.where(photo_views.c.id < before)
    with runtime.db.engine.connect() as connection:  # the primary: an audit read right after a view shows it
        rows = connection.execute(query).all()
    page = rows[:limit]
    return {
        "district": district,
        "views": [row._asdict() for row in page],
        "next_before": page[-1].id if len(rows) > limit else None,
    }
