"""Themes (每月一题): a supervisor opens one on a recurring problem, with its lead unit, co-units and tasks;
units finish tasks; policies and measures are recorded; the theme closes. Each command is one
transaction with its trail row and its events (outbox).

Why evaluation owns themes: a theme is judged by the requests it prevents (its effect), which is
evaluation's read model of every case (category, grid, day); the matching cases it attaches arrive
on evaluation's queue already; and its task deadlines need only the working-day calendar of the kit
and the scheduler evaluation already runs for follow-ups, not routing's case timers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import ThemeOpened, ThemeTaskAssigned
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.tokens import Principal

from .adapters.theme_tables import theme_measures, theme_tasks, theme_trail, themes
from .bootstrap import Runtime
from .domain import orgtree
from .domain.themes import areas

PRODUCER = "evaluation"
OPENERS = ("supervisor", "leader", "admin")  # who opens, closes and records measures of a theme


def trail(session: Session, theme_id: str, at: datetime, actor: str, action: str, **detail) -> None:
    session.execute(insert(theme_trail).values(theme_id=theme_id, at=at, actor=actor, action=action, detail=detail))


def _check(runtime: Runtime, principal: Principal, given) -> None:
    """Rules beyond the body's shape: the category, area and units are the signed-in person's district's."""
    config = runtime.districts[principal.district]
    units = orgtree.units(config)
    problems = []
    if given.category not in {c.code for c in config.categories}:
        problems.append(FieldError("category", "not a category of your district", "不是本区的诉求类别"))
    if given.area not in areas(config):
        problems.append(
            FieldError("area", "not a grid, community or street of your district", "不是本区的网格、社区或街道")
        )
    for name, unit in [("lead_unit_id", given.lead_unit_id)] + [
        (f"co_unit_ids[{i}]", u) for i, u in enumerate(given.co_unit_ids)
    ]:
        if unit not in units:
            problems.append(FieldError(name, "not a unit of your district", "不是本区的单位"))
    for i, task in enumerate(given.tasks):
        if task.unit_id not in units:
            problems.append(FieldError(f"tasks[{i}].unit_id", "not a unit of your district", "不是本区的单位"))
    if problems:
        raise invalid(problems)


def open_theme(runtime: Runtime, principal: Principal, given) -> str:
    _check(runtime, principal, given)
    theme_id, now, district = str(uuid.uuid4()), runtime.clock(), principal.district
    row = {
        "id": theme_id,
        "district": district,
        "title": given.title,
        "problem": given.problem,
        "category": given.category,
        "area": given.area,
        "keywords": list(dict.fromkeys(given.keywords)),
        "lead_unit_id": given.lead_unit_id,
        "co_unit_ids": list(dict.fromkeys(given.co_unit_ids)),
        "status": "open",
        "opened_on": now.astimezone(runtime.tz(district)).date(),
        "opened_at": now,
        "opened_by": principal.person_id,
        "source": given.source,
    }
    with runtime.db.transaction() as session:
        session.execute(insert(themes).values(**row))
        trail(session, theme_id, now, principal.person_id, "opened", category=given.category, area=given.area)
        opened = ThemeOpened(
            theme_id=theme_id,
            theme_title=given.title,
            category=given.category,
            area=given.area,
            keywords=row["keywords"],
            unit_id=given.lead_unit_id,
            co_unit_ids=row["co_unit_ids"],
        )
        runtime.outbox.add(session, new_envelope(opened, district=district, producer=PRODUCER, occurred_at=now))
        for task in given.tasks:
            _add_task(session, runtime, principal, row, task)
        from .theme_links import link_earlier  # theme_links builds on this module's trail

        opened_row = session.execute(select(themes).where(themes.c.id == theme_id)).one()
        link_earlier(session, runtime, opened_row, principal.person_id)
    return theme_id


def locked(session: Session, theme_id: str, principal: Principal):
    """The theme, locked until commit; 404 for another district's theme, 409 once closed."""
    row = session.execute(select(themes).where(themes.c.id == theme_id).with_for_update()).first()
    if row is None or row.district != principal.district:
        raise ApiError(404, "not_found", "no such theme in your district", "本区没有该专题")
    if row.status != "open":
        raise ApiError(409, "closed", "the theme is closed", "该专题已结题")
    return row


def add_task(runtime: Runtime, principal: Principal, theme_id: str, task) -> str:
    if task.unit_id not in orgtree.units(runtime.districts[principal.district]):
        raise invalid([FieldError("unit_id", "not a unit of your district", "不是本区的单位")])
    with runtime.db.transaction() as session:
        row = locked(session, theme_id, principal)
        return _add_task(session, runtime, principal, row._mapping, task)


def _add_task(session: Session, runtime: Runtime, principal: Principal, theme, task) -> str:
    task_id, now = str(uuid.uuid4()), runtime.clock()
    due_at = runtime.calendars[theme["district"]].deadline(now, task.period)
    session.execute(
        insert(theme_tasks).values(
            id=task_id,
            theme_id=theme["id"],
            district=theme["district"],
            description=task.description,
            unit_id=task.unit_id,
            owner_person_id=task.owner_person_id,
            period=task.period,
            due_at=due_at,
            status="open",
        )
    )
    trail(session, theme["id"], now, principal.person_id, "task_assigned", task_id=task_id, unit_id=task.unit_id)
    assigned = ThemeTaskAssigned(
        theme_id=theme["id"],
        theme_title=theme["title"],
        task_id=task_id,
        description=task.description,
        unit_id=task.unit_id,
        owner_person_id=task.owner_person_id,
        due_at=due_at,
    )
    runtime.outbox.add(session, new_envelope(assigned, district=theme["district"], producer=PRODUCER, occurred_at=now))
    return task_id


def complete_task(runtime: Runtime, principal: Principal, theme_id: str, task_id: str) -> None:
    """The task's owner unit (or a supervisor) reports it done."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        locked(session, theme_id, principal)
        task = session.execute(
            select(theme_tasks).where(theme_tasks.c.id == task_id, theme_tasks.c.theme_id == theme_id)
        ).first()
        if task is None:
            raise ApiError(404, "not_found", "no such task of this theme", "该专题没有此任务")
        if principal.desk != task.unit_id and not principal.has_any(*OPENERS):
            raise ApiError(403, "not_owner", "only the task's unit or a supervisor", "仅任务承担单位或督办人员可办结")
        if task.status == "done":
            raise ApiError(409, "already_done", "the task is already done", "该任务已完成")
        session.execute(update(theme_tasks).where(theme_tasks.c.id == task_id).values(status="done", done_at=now))
        trail(session, theme_id, now, principal.person_id, "task_done", task_id=task_id)


def adopt_measure(runtime: Runtime, principal: Principal, theme_id: str, given) -> None:
    now = runtime.clock()
    with runtime.db.transaction() as session:
        row = locked(session, theme_id, principal)
        session.execute(
            insert(theme_measures).values(
                id=str(uuid.uuid4()),
                theme_id=theme_id,
                kind=given.kind,
                text=given.text,
                adopted_on=now.astimezone(runtime.tz(row.district)).date(),
                recorded_by=principal.person_id,
            )
        )
        trail(session, theme_id, now, principal.person_id, "measure_adopted", kind=given.kind)


def close_theme(runtime: Runtime, principal: Principal, theme_id: str) -> None:
    now = runtime.clock()
    with runtime.db.transaction() as session:
        locked(session, theme_id, principal)
        session.execute(update(themes).where(themes.c.id == theme_id).values(status="closed", closed_at=now))
        trail(session, theme_id, now, principal.person_id, "closed")
