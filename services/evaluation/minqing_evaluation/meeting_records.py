"""Reading and guarding meeting records: who may see and change a meeting, its matters resolved
against the district's data, the trail, and the staff, public and calendar views."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, or_, select

from minqing_kit.errors import ApiError, FieldError, invalid

from .adapters.meeting_tables import meeting_decisions, meeting_tasks, meeting_trail, meetings, minutes_corrections
from .adapters.tables import cases
from .bootstrap import Runtime
from .domain import orgtree
from .domain.meetings import GROUPS, KINDS, Invitee, Meeting

DISTRICT_WIDE = ("leader", "admin")  # may convene for, and change the meetings of, any unit of their district


def require_convener(runtime: Runtime, principal, unit_id: str) -> None:
    """The convening unit must be of the principal's district; they act for it or district-wide."""
    if unit_id not in orgtree.units(runtime.districts[principal.district]):
        raise invalid([FieldError("unit_id", "not a unit of your district", "不是本区的单位")])
    if principal.unit_id != unit_id and not principal.has_any(*DISTRICT_WIDE):
        raise ApiError(403, "not_convener", "only the convening unit changes its meetings", "只有召集单位可修改会议")


def require_people(runtime: Runtime, district: str, field: str, person_ids: list[str | None]) -> None:
    """Staff named by id (an invitee who may correct the minutes, a task's owner) are people of the district."""
    known = {p.id for p in runtime.districts[district].people}
    strangers = sorted({p for p in person_ids if p and p not in known})
    if strangers:
        raise invalid([FieldError(field, f"not people of your district: {strangers}", "不是本区的工作人员")])


def matter(session, district: str, kind: str, ref: str) -> dict:
    """A matter as stored: a case is found by id or ticket among the district's cases."""
    if kind != "case":
        return {"kind": kind, "ref": ref, "label": ref}
    row = session.execute(
        select(cases.c.case_id, cases.c.ticket).where(
            cases.c.district == district, or_(cases.c.case_id == ref, cases.c.ticket == ref)
        )
    ).first()
    if row is None:
        raise invalid([FieldError("matters", f"no case {ref} in your district", f"本区没有诉求{ref}")])
    return {"kind": "case", "ref": row.case_id, "label": row.ticket}


def load(session, principal, meeting_id: str, lock: bool = False):
    """The meeting of the principal's district (404 otherwise: another district's stay unseen)."""
    query = select(meetings).where(meetings.c.id == meeting_id, meetings.c.district == principal.district)
    row = session.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise ApiError(404, "not_found", "no such meeting in your district", "本区没有该会议")
    notices = {n: date.fromisoformat(d) for n, d in row.notices.items()}
    invitees = [Invitee(**i) for i in row.invitees]
    meeting = Meeting(
        row.id, row.kind, row.unit_id, invitees, row.state, notices, row.notice_override, row.minutes, row.minutes_state
    )
    return row, meeting


def load_for_change(session, runtime: Runtime, principal, meeting_id: str):
    row, meeting = load(session, principal, meeting_id, lock=True)
    require_convener(runtime, principal, row.unit_id)
    return row, meeting


def trail(session, principal, subject_id: str, action: str, detail: str | None, at: datetime) -> None:
    session.execute(
        insert(meeting_trail).values(
            subject_id=subject_id,
            district=principal.district,
            action=action,
            detail=detail,
            actor_id=principal.person_id,
            at=at,
        )
    )


READERS = (*DISTRICT_WIDE, "supervisor")  # besides the convening unit's staff and the invited staff


def staff_view(runtime: Runtime, principal, meeting_id: str) -> dict:
    """Everything, invitees by name included, for the convening unit's staff, the staff invited and the
    district's leaders, admins and supervisors; the reading is audited."""
    with runtime.db.transaction() as session:
        row, _meeting = load(session, principal, meeting_id)
        invited = {i["person_id"] for i in row.invitees if i.get("person_id")}
        if principal.unit_id != row.unit_id and principal.person_id not in invited and not principal.has_any(*READERS):
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
