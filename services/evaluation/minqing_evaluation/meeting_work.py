"""A meeting's decisions and the work they assign. A decision names the cases among the meeting's
matters it answers (routing resolves them with it when a coordination meeting adopted it) and the
tasks it assigns, each with an owner unit and a deadline in working days (``minqing_kit.workcalendar``);
the scheduler flags a task past its deadline once, through notify, as routing supervises a case."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select, update

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import MeetingDecisionRecorded, MeetingTask, MeetingTaskOverdue
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.statements import claim_rows
from minqing_kit.tokens import Principal

from . import meeting_records as records, meeting_views
from .adapters.meeting_tables import meeting_decisions, meeting_tasks, meetings
from .bootstrap import Runtime
from .domain import orgtree
from .meetings import PRODUCER, apply_rule


def _scheduler(district: str) -> Principal:
    """Who the trail names for the scheduler's overdue flag."""
    return Principal("scheduler", "系统", district, district)


def decide(runtime: Runtime, principal, meeting_id: str, given) -> dict:
    now = runtime.clock()
    decision_id = str(uuid.uuid4())
    units = orgtree.units(runtime.districts[principal.district])
    problems = [
        FieldError(f"tasks[{n}].owner_unit_id", "not a unit of your district", "不是本区的单位")
        for n, task in enumerate(given.tasks)
        if task.owner_unit_id not in units
    ]
    if problems:
        raise invalid(problems)
    records.require_people(runtime, principal.district, "tasks", [t.owner_person_id for t in given.tasks])
    with runtime.db.transaction() as session:
        row, meeting = records.load_for_change(session, runtime, principal, meeting_id)
        apply_rule(meeting.check_decision, given.adopted, given.reason)
        cases_of_meeting = {m["ref"] for m in row.matters if m["kind"] == "case"}
        strangers = [c for c in given.case_ids if c not in cases_of_meeting]
        if strangers:
            raise invalid([FieldError("case_ids", f"not matters of this meeting: {strangers}", "不是本次会议的诉求")])
        calendar = runtime.calendars[row.district]
        tasks = [
            MeetingTask(
                task_id=str(uuid.uuid4()),
                owner_unit_id=t.owner_unit_id,
                owner_person_id=t.owner_person_id,
                description=t.description,
                due_at=calendar.add_working_days(now, t.due_in_working_days),
            )
            for t in (given.tasks if given.adopted else [])
        ]
        session.execute(
            insert(meeting_decisions).values(
                id=decision_id,
                meeting_id=meeting_id,
                text=given.text,
                adopted=given.adopted,
                reason=given.reason,
                case_ids=list(given.case_ids),
                recorded_by=principal.person_id,
                recorded_at=now,
            )
        )
        for task in tasks:
            session.execute(
                insert(meeting_tasks).values(
                    id=task.task_id,
                    meeting_id=meeting_id,
                    decision_id=decision_id,
                    district=row.district,
                    owner_unit_id=task.owner_unit_id,
                    owner_person_id=task.owner_person_id,
                    description=task.description,
                    due_at=task.due_at,
                )
            )
        adopted = "adopted" if given.adopted else f"not adopted: {given.reason}"
        records.trail(session, principal, meeting_id, "decision_recorded", f"{adopted}; {len(tasks)} task(s)", now)
        payload = MeetingDecisionRecorded(
            meeting_id=meeting_id,
            decision_id=decision_id,
            kind=row.kind,
            title=row.title,
            unit_id=row.unit_id,
            held_at=row.held_at,
            text=given.text,
            adopted=given.adopted,
            reason=given.reason,
            case_ids=list(given.case_ids),
            tasks=tasks,
        )
        envelope = new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now)
        runtime.outbox.add(session, envelope)
    return meeting_views.staff_view(runtime, principal, meeting_id)


def complete_task(runtime: Runtime, principal, task_id: str) -> dict:
    """The owner unit (or the district's leaders) marks its task done."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        task = session.execute(
            select(meeting_tasks)
            .where(meeting_tasks.c.id == task_id, meeting_tasks.c.district == principal.district)
            .with_for_update()
        ).first()
        if task is None:
            raise ApiError(404, "not_found", "no such task in your district", "本区没有该任务")
        if principal.desk != task.owner_unit_id and not principal.has_any(*records.DISTRICT_WIDE):
            raise ApiError(403, "not_owner", "only the owner unit completes its task", "只有责任单位可办结该任务")
        if task.done_at is not None:
            raise ApiError(409, "task_done", "the task is already done", "该任务已办结")
        session.execute(update(meeting_tasks).where(meeting_tasks.c.id == task_id).values(done_at=now))
        records.trail(session, principal, task.meeting_id, "task_done", task.description, now)
    return {"id": task_id, "done_at": now.isoformat()}


def flag_overdue(runtime: Runtime, batch: int) -> int:
    """Tasks past their deadline and not done: flagged once each, through notify (督办)."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        query = (
            select(meeting_tasks, meetings.c.title)
            .join(meetings, meetings.c.id == meeting_tasks.c.meeting_id)
            .where(
                meeting_tasks.c.done_at.is_(None),
                meeting_tasks.c.overdue_flagged_at.is_(None),
                meeting_tasks.c.due_at <= now,
            )
            .order_by(meeting_tasks.c.due_at)
            .limit(batch)
        )
        rows = claim_rows(session, query)
        if rows:
            ids = [row.id for row in rows]
            session.execute(update(meeting_tasks).where(meeting_tasks.c.id.in_(ids)).values(overdue_flagged_at=now))
        for row in rows:
            records.trail(session, _scheduler(row.district), row.meeting_id, "task_overdue", row.description, now)
            payload = MeetingTaskOverdue(
                task_id=row.id,
                meeting_id=row.meeting_id,
                title=row.title,
                unit_id=row.owner_unit_id,
                owner_person_id=row.owner_person_id,
                description=row.description,
                due_at=row.due_at,
            )
            runtime.outbox.add(
                session, new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now)
            )
    return len(rows)
