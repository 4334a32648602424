"""Intake's use cases: submit a request, read its public view."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from minqing_contracts import new_envelope
from minqing_contracts.events.base import Actor
from minqing_contracts.events.intake import CaseReceived, Classification, Location
from minqing_kit.errors import ApiError, invalid
from sqlalchemy import insert, select

from .adapters.tables import cases
from .adapters.tickets import next_ticket
from .bootstrap import Runtime
from .domain.submission import Submission, validate


def submit(runtime: Runtime, submission: Submission) -> dict:
    problems = validate(submission, set(runtime.districts))
    if problems:
        raise invalid(problems)
    district = runtime.districts[submission.district]
    now = datetime.now(timezone.utc)
    local_day = now.astimezone(ZoneInfo(district.timezone)).date()
    case_id = str(uuid.uuid4())
    category = submission.category or "other"
    with runtime.db.transaction() as session:
        ticket = next_ticket(session, district.code, district.ticket_prefix, local_day)
        session.execute(insert(cases).values(
            id=case_id, district=district.code, ticket=ticket, channel=submission.channel,
            content=submission.content.strip(), category=category, status="received",
            received_at=now, updated_at=now))
        runtime.outbox.add(session, new_envelope(CaseReceived(
            ticket=ticket, channel=submission.channel, content=submission.content.strip(),
            classification=Classification(category=category, confidence=1.0 if submission.category else 0.0,
                                          rule="operator" if submission.category else None),
            location=Location(address=submission.address, grid_code=submission.grid_code,
                              lat=submission.lat, lon=submission.lon),
            urgent=submission.urgent, first_contact=Actor(kind="resident"), received_at=now,
        ), district=district.code, producer="intake", case_id=case_id))
    return {"case_id": case_id, "ticket": ticket, "status": "received", "received_at": now.isoformat()}


def public_view(runtime: Runtime, ticket: str) -> dict:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases).where(cases.c.ticket == ticket)).first()
    if row is None:
        raise ApiError(404, "not_found", f"no case with ticket {ticket}", f"未找到编号为{ticket}的诉求")
    return {"ticket": row.ticket, "district": row.district, "channel": row.channel, "category": row.category,
            "status": row.status, "unit": row.unit_name, "received_at": row.received_at.isoformat()}
