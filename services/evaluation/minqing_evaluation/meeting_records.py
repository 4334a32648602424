"""Guarding meeting records: who may change a meeting, the staff and matters it names resolved against the
district's data, loading it for a rule, and the trail (the views are in ``meeting_views``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, or_, select

from minqing_kit.errors import ApiError, FieldError, invalid

from .adapters.meeting_tables import meeting_trail, meetings
from .adapters.tables import cases
from .bootstrap import Runtime
from .domain import orgtree
from .domain.meetings import Invitee, Meeting

DISTRICT_WIDE = ("leader", "admin")  # may convene for, and change the meetings of, any unit of their district


def require_convener(runtime: Runtime, principal, unit_id: str) -> None:
    """The convening unit must be of the principal's district; they act for it or district-wide."""
    if unit_id not in orgtree.units(runtime.districts[principal.district]):
        raise invalid([FieldError("unit_id", "not a unit of your district", "不是本区的单位")])
    if principal.desk != unit_id and not principal.has_any(*DISTRICT_WIDE):
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
