"""Idempotent submissions: the scope a key belongs to, a fingerprint of the request, and the replayed
receipt of a submission already accepted under the same key (its tracking secret re-derived, never stored)."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from minqing_kit.errors import ApiError

from .adapters.tables import cases, idempotency_keys
from .bootstrap import Runtime
from .clock import iso_utc
from .domain import channels
from .domain.submission import Submission
from .receipts import new_tracking_secret


def scope_of(channel: str, staff, open311_client) -> str:
    if staff is not None and channels.needs_staff(channel):
        return f"staff:{staff.person_id}"
    return f"open311:{open311_client}" if open311_client else "public"


def fingerprint(s: Submission) -> str:
    data = [
        s.district,
        s.channel,
        s.content,
        s.category,
        s.address,
        s.grid_code,
        s.lat,
        s.lon,
        s.urgent,
        s.contact.as_dict(),
        s.filed_for,
        s.attachments,
        s.proxy_consent,
        *([] if s.public is None else [{"public": s.public}]),  # 公开 / 不公开 when asked: earlier keys unchanged
        *([{"step_updates": True}] if s.step_updates else []),  # asked for step SMS: earlier keys unchanged
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def replay(runtime: Runtime, scope: str, key: str, fingerprint: str) -> dict | None:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(
            select(idempotency_keys.c.fingerprint, cases)
            .join(cases, cases.c.id == idempotency_keys.c.case_id)
            .where(idempotency_keys.c.scope == scope, idempotency_keys.c.key == key)
        ).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different request",
            "该幂等键已用于另一个请求",
        )
    secret = new_tracking_secret(runtime.settings.INTAKE_SECRET_KEY.get_secret_value(), row.id, f"{scope}:{key}")
    return receipt(row.id, row.ticket, row.status, row.received_at, secret, row.category, row.duplicate_of_ticket)


def receipt(case_id, ticket, status, received_at, secret, category, duplicate_of) -> dict:
    return {
        "case_id": case_id,
        "ticket": ticket,
        "status": status,
        "received_at": iso_utc(received_at),
        "tracking_secret": secret,
        "category": category,
        "duplicate_of_ticket": duplicate_of,
        "track_url": f"/api/v1/cases/{ticket}",
    }
