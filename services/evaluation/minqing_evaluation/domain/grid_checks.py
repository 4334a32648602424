"""The scheduler's checks on grid work: which unit hears that a person fell below duty, which periods
have ended and are due for judging, and which grids nobody visited for a month (30 days by default).
Pure functions of the district's tree, the visits' dates and today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .visit_rates import Tree

UNVISITED_DAYS = 30


def unit_looking_after(where: Tree, person: str) -> str | None:
    """The community of the person's team grids, or their street when the grids span communities."""
    grids = where.team_grids.get(person, frozenset())
    communities = {where.community_of[g] for g in grids if g in where.community_of}
    if len(communities) == 1:
        return communities.pop()
    streets = sorted({where.street_of[g] for g in grids if g in where.street_of})
    return streets[0] if streets else None


def ended_periods(today: date) -> list[tuple[str, date, date]]:
    """The last week (Monday to Sunday) and the last month that ended before ``today``: each is judged
    once, as ``(label, first day, last day)`` with the week labelled by its Monday, the month YYYY-MM."""
    monday = today - timedelta(days=today.weekday() + 7)
    month_end = today.replace(day=1) - timedelta(days=1)
    return [
        (monday.isoformat(), monday, monday + timedelta(days=6)),
        (month_end.strftime("%Y-%m"), month_end.replace(day=1), month_end),
    ]


def unvisited(
    where: Tree, last_visit: dict[str, date], today: date, days: int = UNVISITED_DAYS
) -> list[dict[str, Any]]:
    """Grids with no visit in the ``days`` local days up to today, longest unvisited first (never
    visited: first of all), each with its community, street and last visit."""
    since = today - timedelta(days=days - 1)
    found = []
    for grid in where.households:
        last = last_visit.get(grid)
        if last is not None and last >= since:
            continue
        found.append(
            {
                "grid_code": grid,
                "name": where.names.get(grid),
                "community_id": where.community_of.get(grid),
                "street_id": where.street_of.get(grid),
                "households": where.households[grid],
                "last_visit": last.isoformat() if last else None,
                "days_since_visit": (today - last).days if last else None,
            }
        )
    return sorted(found, key=lambda g: (g["last_visit"] is not None, g["last_visit"] or "", g["grid_code"]))
