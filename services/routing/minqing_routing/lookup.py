"""A case as named in the API and the pages: by its id, or by its ticket number (挂牌编号), which routing
learns from case.received.v1. A ticket is unique within its district, so the signed-in person's
district decides which case it names; every caller still checks that the person may see it."""

from __future__ import annotations

import re

from sqlalchemy import select

from .adapters.tables import cases
from .bootstrap import Runtime

CASE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # intake's uuid4


def case_by_ticket(runtime: Runtime, district: str, ticket: str) -> str | None:
    """The id of the district's case with this ticket (e.g. XL-20261122-000042, any letter case), or None."""
    with runtime.db.engine.connect() as connection:
        return connection.execute(
            select(cases.c.id).where(cases.c.district == district, cases.c.ticket == ticket.upper())
        ).scalar()


def case_id(runtime: Runtime, district: str, reference: str) -> str:
    """The case id a reference names: a case id as it is, a ticket of the district as its case's id;
    a reference naming nothing is returned as given, for the caller's 404."""
    if CASE_ID.fullmatch(reference):
        return reference
    return case_by_ticket(runtime, district, reference) or reference


def tickets(runtime: Runtime, district: str, case_ids: list[str]) -> dict[str, str]:
    """Case id -> ticket for the district's cases among ``case_ids`` (ids naming nothing are left out)."""
    with runtime.db.engine.connect() as connection:
        found = connection.execute(
            select(cases.c.id, cases.c.ticket).where(cases.c.district == district, cases.c.id.in_(case_ids))
        )
        return {row.id: row.ticket for row in found}
