"""What a theme shows: its tasks, measures, linked cases (counted, never named) and its effect, the
weekly matching requests of its area against comparable untreated areas (``domain/effect.py``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, select

from minqing_kit.errors import ApiError

from .adapters.tables import cases, facts
from .adapters.theme_tables import theme_cases, theme_measures, theme_tasks, themes
from .bootstrap import Runtime
from .domain import orgtree
from .domain.effect import estimate
from .domain.themes import Rule, areas, comparable, monday, weekly_counts

WEEKS_BEFORE = 8
MAX_WEEKS_AFTER = 26
FORMULA = (
    "effect = mean(treated_w − mean(controls_w), weeks after) − mean(treated_w − mean(controls_w), weeks before); "
    "requests per week matching the theme; 95 % interval ± 1.96 Newey–West standard errors"
)


def listing(runtime: Runtime, district: str) -> list[dict]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(themes, func.count(theme_cases.c.case_id).label("linked"))
            .outerjoin(theme_cases, theme_cases.c.theme_id == themes.c.id)
            .where(themes.c.district == district)
            .group_by(themes.c.id)
            .order_by(themes.c.opened_at.desc())
        ).all()
    names = orgtree.units(runtime.districts[district])
    return [
        {
            "id": r.id,
            "title": r.title,
            "status": r.status,
            "category": r.category,
            "area": r.area,
            "lead_unit_name": names[r.lead_unit_id].name if r.lead_unit_id in names else r.lead_unit_id,
            "opened_on": r.opened_on.isoformat(),
            "linked_cases": r.linked,
        }
        for r in rows
    ]


def view(runtime: Runtime, theme_id: str) -> dict:
    with runtime.db.engine.connect() as connection:
        theme = connection.execute(select(themes).where(themes.c.id == theme_id)).first()
        if theme is None:
            raise ApiError(404, "not_found", "no such theme", "未找到该专题")
        tasks = connection.execute(
            select(theme_tasks).where(theme_tasks.c.theme_id == theme_id).order_by(theme_tasks.c.due_at)
        ).all()
        measures = connection.execute(
            select(theme_measures).where(theme_measures.c.theme_id == theme_id).order_by(theme_measures.c.adopted_on)
        ).all()
        linked = connection.execute(select(func.count()).where(theme_cases.c.theme_id == theme_id)).scalar_one()
    config = runtime.districts[theme.district]
    names = orgtree.units(config)
    area = areas(config).get(theme.area)
    now = runtime.clock()
    return {
        "id": theme.id,
        "district": theme.district,
        "title": theme.title,
        "problem": theme.problem,
        "category": theme.category,
        "category_name": next((c.name for c in config.categories if c.code == theme.category), theme.category),
        "area": theme.area,
        "area_name": area.name if area else theme.area,
        "keywords": theme.keywords,
        "lead_unit_id": theme.lead_unit_id,
        "lead_unit_name": _name(names, theme.lead_unit_id),
        "co_units": [{"unit_id": u, "unit_name": _name(names, u)} for u in theme.co_unit_ids],
        "status": theme.status,
        "opened_on": theme.opened_on.isoformat(),
        "source": theme.source,
        "tasks": [
            {
                "id": t.id,
                "description": t.description,
                "unit_id": t.unit_id,
                "unit_name": _name(names, t.unit_id),
                "due_at": t.due_at.isoformat(),
                "status": t.status,
                "overdue": t.status == "open" and t.due_at <= now,
                "done_at": t.done_at.isoformat() if t.done_at else None,
            }
            for t in tasks
        ],
        "measures": [{"kind": m.kind, "text": m.text, "adopted_on": m.adopted_on.isoformat()} for m in measures],
        "linked_cases": linked,
        "effect": effect(runtime, theme),
    }


def _name(names: dict, unit_id: str) -> str:
    return names[unit_id].name if unit_id in names else unit_id


def effect(runtime: Runtime, theme) -> dict:
    """The difference in differences for one theme, with its weeks, areas and formula."""
    config = runtime.districts[theme.district]
    known = areas(config)
    treated = known.get(theme.area)
    tz = runtime.tz(theme.district)
    start = monday(theme.opened_on) - timedelta(weeks=WEEKS_BEFORE)
    this_monday = monday(runtime.clock().astimezone(tz).date())
    weeks = WEEKS_BEFORE + min(MAX_WEEKS_AFTER, max(0, (this_monday - monday(theme.opened_on)).days // 7))
    body = {"formula": FORMULA, "from": start.isoformat(), "weeks_before": WEEKS_BEFORE, "weeks": weeks}
    if treated is None:
        return {**body, "estimate": None, "controls": []}
    days = _matching_days(runtime, theme, start, start + timedelta(weeks=weeks), tz)
    level_areas = {code: a for code, a in known.items() if a.level == treated.level}
    by_area: dict[str, list[date]] = defaultdict(list)
    for grid, day in days:
        for code, area in level_areas.items():
            if grid in area.grids:
                by_area[code].append(day)
    opened = monday(theme.opened_on)
    busy = {code for code, found in by_area.items() if any(d < opened for d in found)}
    controls = comparable(known, treated, busy, _other_theme_areas(runtime, theme, known))
    treated_weeks = weekly_counts(by_area[treated.code], start, weeks)
    control_weeks = [weekly_counts(by_area[c.code], start, weeks) for c in controls]
    result = estimate(treated_weeks, control_weeks, WEEKS_BEFORE)
    return {
        **body,
        "treated": treated_weeks,
        "control_mean": [sum(c[w] for c in control_weeks) / len(control_weeks) for w in range(weeks)]
        if control_weeks
        else [],
        "controls": [{"area": c.code, "name": c.name} for c in controls],
        "estimate": None
        if result is None
        else {
            "value": round(result.estimate, 3),
            "low": round(result.low, 3),
            "high": round(result.high, 3),
            "standard_error": round(result.standard_error, 3),
            "relative": None if result.relative is None else round(result.relative, 4),
            "treated_before": round(result.treated_before, 3),
            "treated_after": round(result.treated_after, 3),
            "control_before": round(result.control_before, 3),
            "control_after": round(result.control_after, 3),
            "weeks_after": result.weeks_after,
            "lag": result.lag,
            "significant": result.significant,
        },
    }


def _matching_days(runtime: Runtime, theme, start: date, end: date, tz) -> list[tuple[str, date]]:
    """(grid, local day) of every request of the district matching the theme's category (and
    keywords) received in [start, end), in any area."""
    since, until = (datetime.combine(d, time.min, tzinfo=tz) for d in (start, end))
    columns = [cases.c.grid_code, cases.c.received_at]
    query = select(*columns).where(
        cases.c.district == theme.district,
        cases.c.category == theme.category,
        cases.c.received_at >= since,
        cases.c.received_at < until,
    )
    if theme.keywords:
        query = query.add_columns(facts.c.data).join(
            facts, and_(facts.c.case_id == cases.c.case_id, facts.c.event_type == "case.received.v1")
        )
    rule = Rule(theme.category, frozenset(), tuple(theme.keywords))
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        (r.grid_code, r.received_at.astimezone(tz).date())
        for r in rows
        if not rule.keywords or any(w in (r.data or {}).get("content", "") for w in rule.keywords)
    ]


def _other_theme_areas(runtime: Runtime, theme, known) -> set[str]:
    """Areas overlapping another theme of the same category: treated too, so no control."""
    with runtime.db.engine.connect() as connection:
        others = connection.execute(
            select(themes.c.area).where(
                themes.c.district == theme.district, themes.c.category == theme.category, themes.c.id != theme.id
            )
        ).scalars()
        grids = frozenset().union(*(known[a].grids for a in others if a in known))
    return {code for code, area in known.items() if area.grids & grids}
