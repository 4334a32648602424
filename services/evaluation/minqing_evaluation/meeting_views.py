"""The views of meeting records: the staff record (invitees by name, for the convener, the invited staff
and the district's leaders, admins and supervisors; each reading audited), the public record (no
resident's name; minutes and corrections once published) and the month's calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from minqing_kit.errors import ApiError

from .adapters.meeting_tables import meeting_decisions, meeting_tasks, meeting_trail, meetings, minutes_corrections
from .bootstrap import Runtime
from .domain.meetings import GROUPS, KINDS
from .meeting_records import DISTRICT_WIDE, load, trail

READERS = (*DISTRICT_WIDE, "supervisor")  # besides the convening unit's staff and the invited staff


def staff_view(runtime: Runtime, principal, meeting_id: str) -> dict:
    """Everything, invitees by name included, for the convening unit's staff, the staff invited and the
    district's leaders, admins and supervisors; the reading is audited."""
    with runtime.db.transaction() as session:
        row, _meeting = load(session, principal, meeting_id)
        invited = {i["person_id"] for i in row.invitees if i.get("person_id")}
        if principal.desk != row.unit_id and principal.person_id not in invited and not principal.has_any(*READERS):
            raise ApiError(
                403, "not_a_reader", "the meeting's record is for its convener and invitees", "无权查看该会议记录"
            )
        view = _common(session, row)
        view["invitees"] = row.invitees
        view["corrections"] = [
            {"person_id": c.person_id, "text": c.text, "at": c.at.isoformat()}
            for c in session.execute(
                select(minutes_corrections)
                .where(minutes_corrections.c.meeting_id == meeting_id)
                .order_by(minutes_corrections.c.at)
            )
        ]
        view["trail"] = [
            {"action": t.action, "detail": t.detail, "actor_id": t.actor_id, "at": t.at.isoformat()}
            for t in session.execute(
                select(meeting_trail).where(meeting_trail.c.subject_id == meeting_id).order_by(meeting_trail.c.id)
            )
        ]
        trail(session, principal, meeting_id, "viewed", None, runtime.clock())
    return view


def public_view(runtime: Runtime, district: str, meeting_id: str) -> dict:
    """What the board shows: no resident's name; representatives as counts by group; the minutes and
    their corrections (without who made them) only once published."""
    with runtime.db.engine.connect() as connection:
        row = connection.execute(
            select(meetings).where(meetings.c.id == meeting_id, meetings.c.district == district)
        ).first()
        if row is None:
            raise ApiError(404, "not_found", "no such meeting", "未找到该会议")
        view = _common(connection, row)
        published = row.minutes_state == "published"
        corrections = connection.execute(
            select(minutes_corrections.c.text, minutes_corrections.c.at)
            .where(minutes_corrections.c.meeting_id == meeting_id)
            .order_by(minutes_corrections.c.at)
        ).all()
    view["invitees"] = _counts(row.invitees)
    view["minutes"] = row.minutes if published else None
    view["corrections"] = [{"text": c.text, "at": c.at.isoformat()} for c in corrections] if published else []
    return view


def _counts(invitees: list[dict]) -> list[dict]:
    return [
        {
            "group": group,
            "group_name": name,
            "invited": sum(1 for i in invitees if i["group"] == group),
            "attended": sum(1 for i in invitees if i["group"] == group and i["attended"]),
        }
        for group, name in GROUPS.items()
        if any(i["group"] == group for i in invitees)
    ]


def _common(connection, row) -> dict:
    decisions = connection.execute(
        select(meeting_decisions)
        .where(meeting_decisions.c.meeting_id == row.id)
        .order_by(meeting_decisions.c.recorded_at)
    ).all()
    tasks = connection.execute(select(meeting_tasks).where(meeting_tasks.c.meeting_id == row.id)).all()
    return {
        "id": row.id,
        "district": row.district,
        "kind": row.kind,
        "kind_name": KINDS[row.kind],
        "title": row.title,
        "unit_id": row.unit_id,
        "starts_at": row.starts_at.isoformat(),
        "place": row.place,
        "agenda": row.agenda,
        "matters": row.matters,
        "notices": row.notices,
        "state": row.state,
        "held_at": row.held_at.isoformat() if row.held_at else None,
        "notice_override": row.notice_override,
        "minutes": row.minutes,
        "minutes_state": row.minutes_state,
        "decisions": [
            {
                "id": d.id,
                "text": d.text,
                "adopted": d.adopted,
                "reason": d.reason,
                "case_ids": d.case_ids,
                "tasks": [_task(t) for t in tasks if t.decision_id == d.id],
            }
            for d in decisions
        ],
    }


def _task(t) -> dict:
    return {
        "id": t.id,
        "owner_unit_id": t.owner_unit_id,
        "owner_person_id": t.owner_person_id,
        "description": t.description,
        "due_at": t.due_at.isoformat(),
        "done_at": t.done_at.isoformat() if t.done_at else None,
        "overdue": t.overdue_flagged_at is not None and t.done_at is None,
    }


def calendar(runtime: Runtime, district: str, unit_id: str | None, month_start: date) -> list[dict]:
    """A month's meetings of a district (or one convening unit), by start, for the calendar page."""
    tz = runtime.tz(district)
    since = datetime.combine(month_start, time.min, tzinfo=tz)
    until = datetime.combine((month_start + timedelta(days=32)).replace(day=1), time.min, tzinfo=tz)
    query = select(meetings).where(
        meetings.c.district == district, meetings.c.starts_at >= since, meetings.c.starts_at < until
    )
    if unit_id:
        query = query.where(meetings.c.unit_id == unit_id)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query.order_by(meetings.c.starts_at, meetings.c.id)).all()
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "kind_name": KINDS[r.kind],
            "title": r.title,
            "unit_id": r.unit_id,
            "starts_at": r.starts_at.isoformat(),
            "local_day": r.starts_at.astimezone(tz).date().isoformat(),
            "place": r.place,
            "state": r.state,
        }
        for r in rows
    ]
