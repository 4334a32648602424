"""Read side: the delivery log (per case, per recipient) and the in-app inbox (read/unread).

The log shows masked addresses only and never a message body (a receipt may carry the resident's
tracking secret); staff see their own deliveries, overseeing roles see their whole district.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.tokens import Principal

from .adapters.tables import deliveries, inbox_messages
from .bootstrap import Runtime

OVERSEEING_ROLES = ("supervisor", "dispatcher", "admin", "leader", "hotline_operator")
STATUSES = ("pending", "sending", "sent", "failed", "skipped")
MAX_LIMIT = 500


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def delivery_view(row) -> dict:
    return {
        "id": row.id,
        "case_id": row.case_id,
        "ticket": row.ticket,
        "event_type": row.source_event_type,
        "source_event_id": row.source_event_id,
        "recipient": {"kind": row.recipient_kind, "ref": row.recipient_ref, "key": row.recipient_key},
        "channel": row.channel,
        "template": row.template,
        "title": row.title,
        "segments": row.segments,
        "status": row.status,
        "attempts": row.attempts,
        "address": row.address_masked,
        "created_at": _iso(row.created_at),
        "next_attempt_at": _iso(row.next_attempt_at) if row.status in ("pending", "sending") else None,
        "sent_at": _iso(row.sent_at) if row.status == "sent" else None,  # a sending SMS holds its slot's time
        "error": row.last_error,
        "note": row.note,
    }


def list_deliveries(
    runtime: Runtime,
    principal: Principal,
    *,
    case_id: str | None = None,
    ticket: str | None = None,
    recipient: str | None = None,
    status: str | None = None,
    limit: int = 100,
) -> list[dict]:
    if not (case_id or ticket or recipient):
        raise invalid([FieldError("case_id", "give case_id, ticket or recipient", "请提供case_id、ticket或recipient")])
    if status and status not in STATUSES:
        raise invalid([FieldError("status", f"one of {list(STATUSES)}", "状态取值不合格")])
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid([FieldError("limit", f"between 1 and {MAX_LIMIT}", f"须在1至{MAX_LIMIT}之间")])
    query = select(deliveries).where(deliveries.c.district == principal.district)
    for column, value in (
        (deliveries.c.case_id, case_id),
        (deliveries.c.ticket, ticket),
        (deliveries.c.recipient_ref, recipient),
        (deliveries.c.status, status),
    ):
        if value:
            query = query.where(column == value)
    if not principal.has_any(*OVERSEEING_ROLES):
        own = [principal.person_id, *([principal.desk] if principal.desk else [])]  # a volunteer: no unit's
        query = query.where(deliveries.c.recipient_ref.in_(own))
    query = query.order_by(deliveries.c.created_at, deliveries.c.id).limit(limit)
    with runtime.read_db.engine.connect() as connection:  # the replica's: workers write it, never this request
        return [delivery_view(row) for row in connection.execute(query)]


def _mine(principal: Principal):
    return (inbox_messages.c.district == principal.district) & (inbox_messages.c.person_id == principal.person_id)


def inbox(runtime: Runtime, principal: Principal, unread_only: bool = False, limit: int = 100) -> dict:
    query = select(inbox_messages).where(_mine(principal))
    if unread_only:
        query = query.where(inbox_messages.c.read_at.is_(None))
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query.order_by(inbox_messages.c.id.desc()).limit(limit)).all()
        unread = connection.execute(
            select(func.count()).select_from(inbox_messages).where(_mine(principal), inbox_messages.c.read_at.is_(None))
        ).scalar_one()
    return {
        "unread": unread,
        "messages": [
            {
                "id": r.id,
                "case_id": r.case_id,
                "ticket": r.ticket,
                "title": r.title,
                "body": r.body,
                "created_at": _iso(r.created_at),
                "read": r.read_at is not None,
                "read_at": _iso(r.read_at),
            }
            for r in rows
        ],
    }


def mark_read(runtime: Runtime, principal: Principal, message_id: int, read: bool = True) -> dict:
    with runtime.db.transaction() as session:
        row = session.execute(select(inbox_messages).where(_mine(principal), inbox_messages.c.id == message_id)).first()
        if row is None:
            raise ApiError(404, "not_found", f"no message {message_id} in your inbox", "收件箱中没有该消息")
        read_at = (row.read_at or datetime.now(UTC)) if read else None
        session.execute(update(inbox_messages).where(inbox_messages.c.id == message_id).values(read_at=read_at))
    return {"id": message_id, "read": read, "read_at": _iso(read_at)}
