"""The monthly 民情信息 report of a street (or station) and its communities, from the month's visits
and the cases filed from them: households visited, 入户率, opinions heard, matters resolved on the spot,
cases filed, resolved and satisfied, and the most frequent categories of the cases filed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from .visit_rates import Tree, Visit, rates

COLUMNS = (
    "households",
    "households_visited",
    "entry_rate",
    "opinions",
    "resolved_on_the_spot",
    "cases_filed",
    "cases_resolved",
    "cases_satisfied",
)
TOP = 3


def _row(figures: dict[str, Any], where: Tree, level: str, categories: Counter[str]) -> dict[str, Any]:
    households = sum(where.households.get(g, 0) for g in where.grids_of(level, figures["subject"]))
    return {
        "id": figures["subject"],
        "name": figures["name"],
        "households": households,
        **{k: figures[k] for k in COLUMNS if k != "households"},
        "top_categories": [{"category": c, "cases": n} for c, n in categories.most_common(TOP)],
    }


def monthly(
    visits: Iterable[Visit], filed_categories: Iterable[tuple[str, str]], where: Tree, street: str
) -> dict[str, Any]:
    """``filed_categories``: (grid code, category) of each case filed from the month's visits."""
    visits = [v for v in visits if where.street_of.get(v.grid_code) == street]
    by_community: dict[str, Counter[str]] = {}
    for grid, category in filed_categories:
        if where.street_of.get(grid) == street:
            by_community.setdefault(where.community_of[grid], Counter())[category] += 1
    communities = [
        _row(r, where, "community", by_community.get(r["subject"], Counter()))
        for r in rates(visits, "community", where)
        if r["subject"] in {where.community_of[g] for g in where.grids_of("street", street)}
    ]
    total = sum(by_community.values(), Counter())
    streets = [r for r in rates(visits, "street", where) if r["subject"] == street]
    return {"street": _row(streets[0], where, "street", total), "communities": communities}
