"""A theme at work: a new request matching an open theme attaches itself and its resident is answered
with the theme's progress (so do the matching requests of the 30 days before it opened, when it opens);
a task past its deadline is supervised (督办) once, by the scheduler."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.evaluation import ThemeCaseLinked, ThemeTaskOverdue
from minqing_contracts.events.intake import CaseReceived
from minqing_kit.statements import claim_rows, insert_ignoring_duplicates

from .adapters.tables import cases, facts
from .adapters.theme_tables import theme_cases, theme_measures, theme_tasks, themes
from .bootstrap import Runtime
from .domain import orgtree
from .domain.facts import RECEIVED
from .domain.themes import Rule, areas, progress
from .themes import PRODUCER, trail

EARLIER_DAYS = 30  # a theme opened attaches the matching cases received in the 30 days before it


def link_all_received(
    session: Session, runtime: Runtime, items: Sequence[tuple[Envelope, CaseReceived]], open_rows: Iterable[Any]
) -> None:
    """Attach each received case to every open theme of its district it matches (once: the key is the
    theme and the case, so a replayed event links nothing twice); ``open_rows``: ``open_themes_query``'s
    rows for the districts concerned, read once for all of them (with the read model's reads)."""
    candidates = _by_category(open_rows)
    for envelope, payload in items:
        category, grid = payload.classification.category, payload.location.grid_code
        found = candidates.get((envelope.district, category), [])
        _attach(session, runtime, envelope, payload.ticket, category, grid, payload.content, found)


def link_on_reclassified(session: Session, runtime: Runtime, envelope: Envelope, payload) -> None:
    """An operator moved the case into a theme's category: match it again with its request as received
    (a reclassification that arrives before its receipt matches nothing; the receipt then carries the
    category it was received with)."""
    received = session.execute(
        select(facts.c.data).where(facts.c.case_id == envelope.case_id, facts.c.event_type == RECEIVED)
    ).scalar()
    if received is None:
        return
    grid = (received.get("location") or {}).get("grid_code")
    found = _open_themes(session, {envelope.district}).get((envelope.district, payload.category), [])
    _attach(session, runtime, envelope, payload.ticket, payload.category, grid, received.get("content", ""), found)


def open_themes_query(districts: Iterable[str]) -> Select[Any]:
    """The open themes of those districts."""
    return (
        select(themes).where(themes.c.district.in_(sorted(districts)), themes.c.status == "open").order_by(themes.c.id)
    )


def _open_themes(session: Session, districts: set[str]) -> dict[tuple[str, str], list[Any]]:
    return _by_category(session.execute(open_themes_query(districts)))


def _by_category(rows: Iterable[Any]) -> dict[tuple[str, str], list[Any]]:
    """(district, category) -> the themes among ``rows``."""
    found: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for theme in rows:
        found[(theme.district, theme.category)].append(theme)
    return found


def _attach(
    session: Session, runtime: Runtime, envelope: Envelope, ticket, category, grid, content: str, candidates
) -> None:
    config = runtime.districts.get(envelope.district)
    if envelope.case_id is None or config is None or not candidates:  # most cases: no open theme of theirs
        return
    known = areas(config)
    for theme in candidates:
        grids = known[theme.area].grids if theme.area in known else frozenset()
        if Rule(theme.category, grids, tuple(theme.keywords)).matches(category, grid, content):
            _link(session, runtime, envelope.case_id, ticket, theme, orgtree.units(config), envelope)


def link_earlier(session: Session, runtime: Runtime, theme, actor: str) -> int:
    """A theme just opened: attach the cases of its district received in the ``EARLIER_DAYS`` before it
    that its rule matches (category as now, grid and text as received), each resident answered like a
    new one's. Returns how many were attached."""
    config = runtime.districts[theme.district]
    known = areas(config)
    grids = known[theme.area].grids if theme.area in known else frozenset()
    rule = Rule(theme.category, grids, tuple(theme.keywords))
    since = runtime.clock() - timedelta(days=EARLIER_DAYS)
    earlier = session.execute(
        select(cases.c.case_id, cases.c.ticket, cases.c.grid_code, facts.c.data)
        .join(facts, (facts.c.case_id == cases.c.case_id) & (facts.c.event_type == RECEIVED))
        .where(
            cases.c.district == theme.district,
            cases.c.category == theme.category,
            cases.c.grid_code.in_(sorted(grids)),
            cases.c.received_at >= since,
        )
        .order_by(cases.c.received_at, cases.c.case_id)
    ).all()
    units = orgtree.units(config)
    linked = 0
    for case_id, ticket, grid, received in earlier:
        if rule.matches(theme.category, grid, (received or {}).get("content", "")):
            linked += _link(session, runtime, case_id, ticket, theme, units, None, actor)
    return linked


def _link(
    session: Session,
    runtime: Runtime,
    case_id: str,
    ticket: str,
    theme,
    units,
    causation: Envelope | None,
    actor: str = "consumer",
) -> int:
    now = runtime.clock()
    added = session.execute(
        insert_ignoring_duplicates(session, theme_cases)
        .values(theme_id=theme.id, case_id=case_id, ticket=ticket, linked_at=now)
        .returning(theme_cases.c.case_id)
    ).first()
    if added is None:
        return 0
    trail(session, theme.id, now, actor, "case_linked", case_id=case_id)
    done, total = tasks_done(session, theme.id)
    measures = session.execute(
        select(theme_measures.c.text)
        .where(theme_measures.c.theme_id == theme.id)
        .order_by(theme_measures.c.adopted_on.desc(), theme_measures.c.id)
    ).scalars()
    lead = units.get(theme.lead_unit_id)
    linked = ThemeCaseLinked(
        theme_id=theme.id,
        theme_title=theme.title,
        ticket=ticket,
        lead_unit_name=lead.name if lead else theme.lead_unit_id,
        progress=progress(done, total, list(measures)),
        tasks_done=done,
        tasks_total=total,
    )
    runtime.outbox.add(
        session,
        new_envelope(linked, district=theme.district, producer=PRODUCER, case_id=case_id, causation=causation),
    )
    return 1


def tasks_done(session: Session, theme_id: str) -> tuple[int, int]:
    row = session.execute(
        select(
            func.count().filter(theme_tasks.c.status == "done"),
            func.count(),
        ).where(theme_tasks.c.theme_id == theme_id)
    ).one()
    return int(row[0]), int(row[1])


def flag_overdue(runtime: Runtime, batch: int = 200) -> int:
    """Supervise open tasks past their deadline: one ``theme.task_overdue.v1`` per task, ever. Rows
    are claimed (SKIP LOCKED) so scheduler replicas share them out."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        due = claim_rows(
            session,
            select(theme_tasks, themes.c.title, themes.c.lead_unit_id)
            .join(themes, themes.c.id == theme_tasks.c.theme_id)
            .where(
                theme_tasks.c.status == "open",
                theme_tasks.c.overdue_flagged_at.is_(None),
                theme_tasks.c.due_at <= now,
                themes.c.status == "open",
            )
            .order_by(theme_tasks.c.due_at)
            .limit(batch),
        )
        if due:
            ids = [task.id for task in due]
            session.execute(update(theme_tasks).where(theme_tasks.c.id.in_(ids)).values(overdue_flagged_at=now))
        for task in due:
            trail(session, task.theme_id, now, "scheduler", "task_overdue", task_id=task.id)
            overdue = ThemeTaskOverdue(
                theme_id=task.theme_id,
                theme_title=task.title,
                task_id=task.id,
                description=task.description,
                unit_id=task.unit_id,
                lead_unit_id=task.lead_unit_id,
                due_at=task.due_at,
            )
            runtime.outbox.add(
                session, new_envelope(overdue, district=task.district, producer=PRODUCER, occurred_at=now)
            )
    return len(due)
