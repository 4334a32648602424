"""Use case: read a case by ticket. Anyone sees the public view (公示); the tracking secret shows the
full record intake holds. Neither ever shows the reporter's contact (intake keeps it sealed).

The public view shows none of the request's text: a resident's words name their building, flat and
neighbours (3号楼2单元501), which no redaction can tell from the problem, and an echo-wall post's words
could tell who wrote it. Its category says what the request is about. The texts the public view does
show, the reply and the steps' notes, are redacted (domain.redaction).

A non-public request (不公开, ``public`` False) has no public view: by its ticket alone it is not found,
as a ticket that does not exist; its holder sees it with the tracking secret or signed in (我的诉求)."""

from __future__ import annotations

import hmac
import json

from sqlalchemy import select

from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.errors import ApiError

from .adapters.tables import case_steps, cases
from .bootstrap import Runtime
from .clock import iso_utc
from .domain.redaction import redact
from .receipts import secret_matches


def find_case(connection, ticket: str):
    row = connection.execute(select(cases).where(cases.c.ticket == ticket)).first()
    if row is None:
        raise ApiError(404, "not_found", f"no case with ticket {ticket}", f"未找到编号为{ticket}的诉求")
    return row


def public_steps(connection, case_id: str) -> list[dict]:
    rows = connection.execute(
        select(case_steps)
        .where(case_steps.c.case_id == case_id, case_steps.c.public)
        .order_by(case_steps.c.occurred_at)
    ).all()
    return [
        {
            "at": iso_utc(r.occurred_at),
            "kind": r.kind,
            "unit": r.unit_name,
            "note": redact(r.note),
            "deadline": iso_utc(r.deadline),
        }
        for r in rows
    ]


def case_view(runtime: Runtime, ticket: str, secret: str | None = None, owner_phone_hash: str | None = None) -> dict:
    """The public view; the full record with the tracking secret, or for the signed-in reporter (我的诉求)."""
    with runtime.db.engine.connect() as connection:
        row = find_case(connection, ticket)
        steps = public_steps(connection, row.id)
    owner = filed_with(row, owner_phone_hash)
    full = owner or secret_matches(secret, row.tracking_hash)
    if secret and not full:
        raise ApiError(403, "bad_secret", "the tracking secret does not match this ticket", "查询密码与编号不符")
    if not full and row.public is False:
        raise ApiError(
            404,
            "not_found",
            f"no public case with ticket {ticket}: a non-public request is shown with its tracking secret",
            f"未找到编号为{ticket}的公开诉求;不公开的诉求请输入查询密码查看",
        )
    district = runtime.districts.get(row.district)
    category_names = {c.code: c.name for c in district.categories} if district else {}
    view = {
        "ticket": row.ticket,
        "district": row.district,
        "channel": row.channel,
        "category": row.category,
        "category_name": category_names.get(row.category),
        "request_type": row.request_type,
        "request_type_name": REQUEST_TYPE_LABELS.get(row.request_type or ""),
        "status": row.status,
        "unit": row.unit_name,
        "community": runtime.places[row.district].grids.get(row.grid_code) if row.grid_code else None,
        "received_at": iso_utc(row.received_at),
        "updated_at": iso_utc(row.updated_at),
        "reply": redact(row.reply),
        "merged_into_ticket": row.merged_into_ticket,
        "satisfaction": row.satisfaction,
        "steps": steps,
        "full": full,
    }
    if full:
        view.update(full_record(row))
    return view


def filed_with(row, phone_hash: str | None) -> bool:
    """Whether the case was filed with the phone of this keyed hash (the resident signed in to 我的诉求)."""
    return bool(phone_hash and row.phone_hash and hmac.compare_digest(row.phone_hash, phone_hash))


def can_text(row) -> bool:
    """Whether the case's reporter can get step SMS at all: filed with a phone, not on the echo wall."""
    return bool(row.phone_hash) and not row.anonymous


def full_record(row) -> dict:
    """What the reporter may see with the tracking secret: everything intake holds except the sealed contact."""
    return {
        "case_id": row.id,
        "content": row.content,
        "urgent": row.urgent,
        "anonymous": row.anonymous,
        "public": row.public,
        "location": {"address": row.address, "grid_code": row.grid_code, "lat": row.lat, "lon": row.lon},
        "classification": {"category": row.category, "confidence": row.confidence, "rule": row.rule},
        "first_contact": json.loads(row.first_contact),
        "filed_for": row.filed_for,
        "proxy_consent": json.loads(row.proxy_consent) if row.proxy_consent else None,
        "proxy_withdrawn_at": iso_utc(row.proxy_withdrawn_at) if row.proxy_withdrawn_at else None,
        "attachments": json.loads(row.attachments),
        "contact_on_file": row.contact_sealed is not None,
        "step_updates": row.step_updates,
        "can_text": can_text(row),
        "duplicate_of_ticket": row.duplicate_of_ticket,
    }
