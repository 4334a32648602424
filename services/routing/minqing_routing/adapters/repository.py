"""Cases and their parts as read from the database, in the caller's transaction; every write is
``adapters.writer``'s."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from minqing_kit.statements import claim_rows

from ..domain.case import Case, Part, Proposal
from .tables import cases, history, parts

CASE_FIELDS = (
    "id",
    "district",
    "ticket",
    "category",
    "urgent",
    "grid_code",
    "community_id",
    "located_by",
    "state",
    "unit_id",
    "level",
    "stage",
    "response_deadline",
    "resolution_deadline",
    "return_count",
    "reopen_count",
    "owner_id",
    "resolved_by",
    "duplicate_of",
    "merged_into",
    "joint",
    "acceptance_deadline",
    "dispatched_at",
    "ruled_unit",
    "contact_deadline",
    "catalogue_item",
    "catalogue_version",
    "first_contact_id",
    "proxy_id",
    "rated_at",
    "contact_on_file",
)
JSON_FIELDS = ("proxy_consent", "proposal")  # kept as JSON text: the consent shown, the answer to sign off


def to_case(row) -> Case:
    case = Case(**{f: getattr(row, f) for f in CASE_FIELDS})
    case.returned_by = json.loads(row.returned_by)
    case.proxy_consent = json.loads(row.proxy_consent) if row.proxy_consent else None
    case.proposal = Proposal.from_json(json.loads(row.proposal)) if row.proposal else None
    case.correlation_id = row.correlation_id
    return case


def load(session: Session, case_id: str, lock: bool = True) -> Case | None:
    query = select(cases).where(cases.c.id == case_id)
    row = session.execute(query.with_for_update() if lock else query).first()
    return to_case(row) if row else None


def step_times(session: Session, case_id: str, action: str, since: datetime | None = None) -> list[datetime]:
    """When the case's steps of ``action`` were taken (since ``since``, when given), oldest first."""
    query = select(history.c.at).where(history.c.case_id == case_id, history.c.action == action)
    query = query if since is None else query.where(history.c.at >= since)
    return list(session.execute(query.order_by(history.c.at)).scalars())


def merged_into(session: Session, case_id: str) -> list[Case]:
    """The cases merged into this one (its duplicate cluster), locked, oldest ticket first."""
    query = select(cases).where(cases.c.merged_into == case_id, cases.c.state == "merged").order_by(cases.c.ticket)
    return [to_case(row) for row in session.execute(query.with_for_update())]


def lock_many(session: Session, case_ids: list[str]) -> dict[str, Case]:
    """Lock the cases no other transaction holds (SKIP LOCKED): the scheduler never waits."""
    rows = claim_rows(session, select(cases).where(cases.c.id.in_(case_ids)))
    return {row.id: to_case(row) for row in rows}


def load_parts(session: Session, case_id: str) -> list[Part]:
    rows = session.execute(select(parts).where(parts.c.case_id == case_id).order_by(parts.c.position))
    return [Part(r.part_id, r.unit_id, r.task, r.deadline, r.lead, r.status, r.note, r.district) for r in rows]
