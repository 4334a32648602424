"""A unit's annual assessment (单位年度考核) as the board and the API show it: the year's four quarters
of three-party review (三方评事, ``panel.unit_year``), its rates of the year with formula and
denominator (a rate whose denominator is below the district's minimum sample is "too few cases",
never a value, and so is the composite score), its bounce figures (推诿), and the annual reviews
(双述双评) of the year and the projects (一事一评) that name it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from . import bounces, panel, stats
from .adapters.project_tables import project_rounds, projects
from .adapters.review_tables import annual_reviews
from .bootstrap import Runtime
from .domain.bounces import FORMULA as BOUNCE_FORMULA, UnitPeriod
from .domain.rates import RATES, TOO_FEW


def assessment(runtime: Runtime, district: str, unit_id: str, year: int) -> dict:
    config = stats.district_config(runtime, district)
    start, end = date(year, 1, 1), date(year, 12, 31)
    [found] = stats.unit_rates(runtime, district, start, end, unit_id=unit_id)["units"]  # 404 for no such unit
    min_sample = config.evaluation.min_sample
    enough = found["counts"].get("rated", 0) >= min_sample
    return {
        "district": district,
        "unit_id": unit_id,
        "unit_name": found["unit_name"],
        "level": found["level"],
        "year": year,
        "min_sample": min_sample,
        "three_party": panel.unit_year(runtime, district, unit_id, year),
        "rates": _rates(found["counts"], found["rates"], min_sample),
        "score": found["score"] if enough else None,
        "score_status": "ranked" if enough and found["score"] is not None else TOO_FEW,
        "bounces": {
            **(bounces.per_unit(runtime, district, start, end).get(unit_id) or UnitPeriod(unit_id, start).as_dict()),
            "formula": BOUNCE_FORMULA,
        },
        "annual_reviews": _reviews(runtime, district, unit_id, year),
        "projects": _projects(runtime, district, unit_id),
    }


def _rates(counts: dict[str, int], values: dict, min_sample: int) -> list[dict]:
    """Each rate with its numerator and denominator; below the minimum sample it has no value."""
    found = []
    for name, (top, bottom, higher_is_better) in RATES.items():
        denominator = counts.get(bottom, 0)
        enough = denominator >= min_sample
        found.append(
            {
                "name": name,
                "value": values[name] if enough else None,
                "status": "measured" if enough else TOO_FEW,
                "numerator": counts.get(top, 0),
                "denominator": denominator,
                "formula": f"{top} / {bottom}",
                "higher_is_better": higher_is_better,
            }
        )
    return found


def _reviews(runtime: Runtime, district: str, unit_id: str, year: int) -> list[dict]:
    query = (
        select(annual_reviews.c.id, annual_reviews.c.person_name, annual_reviews.c.post)
        .add_columns(annual_reviews.c.status, annual_reviews.c.grade)
        .where(annual_reviews.c.district == district, annual_reviews.c.unit_id == unit_id)
        .where(annual_reviews.c.year == year)
        .order_by(annual_reviews.c.person_name)
    )
    with runtime.db.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _projects(runtime: Runtime, district: str, unit_id: str) -> list[dict]:
    """The unit's projects, newest first, each with the status of its latest round (None: rating not
    opened yet); a project rated this year may have been opened before it, so all are listed."""
    latest = (
        select(project_rounds.c.status)
        .where(project_rounds.c.project_id == projects.c.id, project_rounds.c.round == projects.c.current_round)
        .scalar_subquery()
    )
    query = (
        select(projects.c.id, projects.c.name, latest.label("status"))
        .where(projects.c.district == district, projects.c.unit_id == unit_id)
        .order_by(projects.c.opened_at.desc())
    )
    with runtime.db.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
