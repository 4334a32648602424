"""Meetings as records, one transaction per command: the meeting's change, its trail row and its event
together. Staff of the district read a meeting (their view of invitees' names is audited); the
convening unit's staff, or the district's leaders and admins, change it; attendees correct minutes."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import insert, select, update

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import MeetingHeld, MeetingNoticeIssued, MinutesPublished
from minqing_kit.errors import ApiError

from . import meeting_records as records, meeting_views
from .adapters.meeting_tables import meetings, minutes_corrections
from .bootstrap import Runtime
from .domain.meetings import Meeting, NoticePeriods, Refused

PRODUCER = "evaluation"


def plan(runtime: Runtime, principal, given) -> dict:
    records.require_convener(runtime, principal, given.unit_id)
    records.require_people(runtime, principal.district, "invitees", [i.person_id for i in given.invitees])
    meeting_id, now = str(uuid.uuid4()), runtime.clock()
    invitees = [{**i.model_dump(), "invitee_id": str(uuid.uuid4()), "attended": None} for i in given.invitees]
    with runtime.db.transaction() as session:
        matters = [records.matter(session, principal.district, m.kind, m.ref) for m in given.matters]
        session.execute(
            insert(meetings).values(
                id=meeting_id,
                district=principal.district,
                kind=given.kind,
                title=given.title,
                unit_id=given.unit_id,
                starts_at=given.starts_at,
                place=given.place,
                agenda=list(given.agenda),
                matters=matters,
                invitees=invitees,
                notices={},
                state="planned",
                minutes_state="none",
                created_by=principal.person_id,
                created_at=now,
            )
        )
        records.trail(session, principal, meeting_id, "planned", f"{given.kind}: {given.title}", now)
    return meeting_views.staff_view(runtime, principal, meeting_id)


def give_notice(runtime: Runtime, principal, meeting_id: str, notice: str) -> dict:
    now = runtime.clock()
    with runtime.db.transaction() as session:
        row, meeting = records.load_for_change(session, runtime, principal, meeting_id)
        apply_rule(meeting.give_notice, notice, _local_day(runtime, row.district, now))
        _save(session, meeting)
        records.trail(session, principal, meeting_id, "notice_given", notice, now)
        payload = MeetingNoticeIssued(
            **_about(row), notice=notice, starts_at=row.starts_at, place=row.place, invitee_ids=_staff(meeting)
        )
        runtime.outbox.add(session, new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now))
    return meeting_views.staff_view(runtime, principal, meeting_id)


def hold(runtime: Runtime, principal, meeting_id: str, attended: list[str], override: str | None) -> dict:
    now = runtime.clock()
    with runtime.db.transaction() as session:
        row, meeting = records.load_for_change(session, runtime, principal, meeting_id)
        config = runtime.districts[row.district].meetings
        periods = NoticePeriods(config.recruit_days, config.publish_days, config.materials_days)
        late = apply_rule(
            meeting.hold, periods, _local_day(runtime, row.district, row.starts_at), set(attended), override
        )
        _save(session, meeting, held_at=now)
        present = sum(1 for i in meeting.invitees if i.attended)
        detail = f"{present}/{len(meeting.invitees)} attended" + (
            f"; late {late}, override: {override}" if late else ""
        )
        records.trail(session, principal, meeting_id, "held", detail, now)
        payload = MeetingHeld(
            **_about(row),
            held_at=now,
            invited=len(meeting.invitees),
            attended=present,
            notice_override=meeting.notice_override,
        )
        runtime.outbox.add(session, new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now))
    return meeting_views.staff_view(runtime, principal, meeting_id)


def draft_minutes(runtime: Runtime, principal, meeting_id: str, text: str) -> dict:
    now = runtime.clock()
    with runtime.db.transaction() as session:
        _row, meeting = records.load_for_change(session, runtime, principal, meeting_id)
        apply_rule(meeting.draft_minutes, text)
        _save(session, meeting)
        records.trail(session, principal, meeting_id, "minutes_drafted", None, now)
    return meeting_views.staff_view(runtime, principal, meeting_id)


def correct_minutes(runtime: Runtime, principal, meeting_id: str, text: str) -> dict:
    """An attendee's correction is kept beside the draft, for the convener to take in."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        _row, meeting = records.load(session, principal, meeting_id, lock=True)
        apply_rule(meeting.correct_minutes, principal.person_id)
        session.execute(
            insert(minutes_corrections).values(
                id=str(uuid.uuid4()), meeting_id=meeting_id, person_id=principal.person_id, text=text, at=now
            )
        )
        records.trail(session, principal, meeting_id, "minutes_corrected", None, now)
    return meeting_views.staff_view(runtime, principal, meeting_id)


def publish_minutes(runtime: Runtime, principal, meeting_id: str) -> dict:
    now = runtime.clock()
    with runtime.db.transaction() as session:
        row, meeting = records.load_for_change(session, runtime, principal, meeting_id)
        apply_rule(meeting.publish_minutes)
        _save(session, meeting)
        corrections = len(
            session.execute(
                select(minutes_corrections.c.id).where(minutes_corrections.c.meeting_id == meeting_id)
            ).all()
        )
        records.trail(session, principal, meeting_id, "minutes_published", None, now)
        payload = MinutesPublished(**_about(row), corrections=corrections, invitee_ids=_staff(meeting))
        runtime.outbox.add(session, new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now))
    return meeting_views.staff_view(runtime, principal, meeting_id)


def apply_rule(rule, *args):
    try:
        return rule(*args)
    except Refused as refused:
        raise ApiError(refused.status, refused.code, refused.english, refused.chinese) from None


def _save(session, meeting: Meeting, **extra) -> None:
    session.execute(
        update(meetings)
        .where(meetings.c.id == meeting.id)
        .values(
            state=meeting.state,
            notices={n: d.isoformat() for n, d in meeting.notices.items()},
            invitees=[vars(i) for i in meeting.invitees],
            notice_override=meeting.notice_override,
            minutes=meeting.minutes,
            minutes_state=meeting.minutes_state,
            **extra,
        )
    )


def _about(row) -> dict:
    return {"meeting_id": row.id, "kind": row.kind, "title": row.title, "unit_id": row.unit_id}


def _staff(meeting: Meeting) -> list[str]:
    return [i.person_id for i in meeting.invitees if i.person_id]


def _local_day(runtime: Runtime, district: str, at: datetime):
    return at.astimezone(runtime.tz(district)).date()
