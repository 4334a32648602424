"""Step SMS to the resident who asked for them (办理有进展时短信通知我): their choice, kept per case, and
the pacing of the messages (``domain/step_updates``) applied to the deliveries an event plans.

The choice comes with ``case.received.v1`` (``step_updates``) and changes with
``case.step_updates_changed.v1``: the latest ``changed_at`` wins, whatever the order they arrive in. It is
checked when a step is planned and again at send time (``addressing``): an SMS planned before the
resident turned them off is skipped, never sent.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from minqing_kit.faults import NotReadyYet

from .adapters.tables import case_contacts, deliveries
from .addressing import aware
from .bootstrap import Runtime
from .contacts import contact_row
from .domain.step_updates import STEP_UPDATES_REF, EarlierStepSms, plan_step_sms

REPLACED = "replaced by a later step of the case (one message for the burst)"
TURNED_OFF = "the resident turned step updates off (退订)"


def record_choice(session: Session, envelope, payload) -> None:
    """The resident turned step SMS on or off; a choice older than the one kept changes nothing."""
    if contact_row(session, envelope.case_id) is None:
        raise NotReadyYet(f"step updates of case {envelope.case_id} before its receipt: retried until it arrives")
    session.execute(
        update(case_contacts)
        .where(
            case_contacts.c.case_id == envelope.case_id,
            or_(case_contacts.c.step_updates_at.is_(None), case_contacts.c.step_updates_at < payload.changed_at),
        )
        .values(step_updates=payload.enabled, step_updates_at=payload.changed_at)
    )


def pace(runtime: Runtime, session: Session, rows: list[dict], tz: str) -> None:
    """Set each new step SMS row's due time and replace the case's step SMS still waiting (in place): those
    in the table and those planned earlier in this transaction but not inserted yet (a batch's events are
    planned one by one and written together)."""
    settings = runtime.settings
    planned = _planned_in(session)
    for row in rows:
        if row["recipient_ref"] != STEP_UPDATES_REF:
            continue
        earlier = {e.id: e for e in _earlier(session, row)} | _unwritten(planned, row)
        plan = plan_step_sms(
            row["created_at"],
            list(earlier.values()),
            tz=tz,
            per_day=settings.STEP_SMS_PER_CASE_PER_DAY,
            burst=timedelta(seconds=settings.STEP_SMS_BURST_SECONDS),
        )
        if plan.replaces:
            session.execute(
                update(deliveries)
                .where(deliveries.c.id.in_(plan.replaces), deliveries.c.status == "pending")
                .values(status="skipped", note=REPLACED)
            )
            for replaced in plan.replaces:
                if replaced in planned:
                    planned[replaced].update(status="skipped", note=REPLACED)
        row.update(next_attempt_at=plan.due_at, note=plan.note)
        planned[row["id"]] = row


def _planned_in(session: Session) -> dict[str, dict]:
    """The step SMS rows this transaction planned, by id (kept with the transaction they belong to)."""
    transaction = session.get_transaction()
    kept = session.info.get("step_sms_planned")
    if kept is None or kept[0] is not transaction:
        kept = session.info["step_sms_planned"] = (transaction, {})
    rows: dict[str, dict] = kept[1]
    return rows


def _unwritten(planned: dict[str, dict], row: dict) -> dict[str, EarlierStepSms]:
    return {
        other["id"]: EarlierStepSms(other["id"], "pending", other["next_attempt_at"], None)
        for other in planned.values()
        if other["status"] == "pending"
        and other["contact_case_id"] == row["contact_case_id"]
        and other["channel"] == row["channel"]
        and other["source_event_id"] != row["source_event_id"]
    }


def _earlier(session: Session, row: dict) -> list[EarlierStepSms]:
    """The case's step SMS on this channel of the last two days that were not skipped or failed."""
    query = select(deliveries.c.id, deliveries.c.status, deliveries.c.next_attempt_at, deliveries.c.sent_at).where(
        deliveries.c.contact_case_id == row["contact_case_id"],
        deliveries.c.recipient_ref == STEP_UPDATES_REF,
        deliveries.c.channel == row["channel"],
        deliveries.c.status.in_(("pending", "sending", "sent")),
        deliveries.c.created_at > row["created_at"] - timedelta(days=2),
        deliveries.c.source_event_id != row["source_event_id"],
    )
    now = row["created_at"]
    return [
        EarlierStepSms(r.id, r.status, aware(r.next_attempt_at, now), aware(r.sent_at, now) if r.sent_at else None)
        for r in session.execute(query)
    ]
