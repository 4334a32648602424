"""Themes (每月一题) in plain rules: which area a theme covers, which requests match it, what its
residents are told, and the weekly series its effect is estimated on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from minqing_contracts.org import DistrictConfig

MAX_PROGRESS_MEASURES = 3  # a resident's message names the latest few; the public page has them all


@dataclass(frozen=True)
class Area:
    code: str  # grid code, community id or street id
    level: str  # grid | community | street
    name: str
    grids: frozenset[str]


def areas(config: DistrictConfig) -> dict[str, Area]:
    """Every grid, community and street of a district with the grids it covers."""
    found: dict[str, Area] = {}
    for street in config.streets:
        street_grids: set[str] = set()
        for community in street.communities:
            codes = {g.code for g in community.grids}
            street_grids |= codes
            found[community.id] = Area(community.id, "community", community.name, frozenset(codes))
            for grid in community.grids:
                found[grid.code] = Area(grid.code, "grid", grid.name, frozenset({grid.code}))
        found[street.id] = Area(street.id, "street", street.name, frozenset(street_grids))
    return found


@dataclass(frozen=True)
class Rule:
    """A theme's matching rule: the category, the area's grids, and keywords (any one; none: all)."""

    category: str
    grids: frozenset[str]
    keywords: tuple[str, ...] = ()

    def matches(self, category: str | None, grid_code: str | None, content: str) -> bool:
        if category != self.category or grid_code not in self.grids:
            return False
        return not self.keywords or any(word in content for word in self.keywords)


def progress(tasks_done: int, tasks_total: int, measures: list[str]) -> str:
    """The theme's progress as a resident is told it, in Chinese; ``measures`` newest first."""
    parts = [f"已完成任务{tasks_done}项(共{tasks_total}项)" if tasks_total else "正在制定任务"]
    if measures:
        parts.append("已出台措施:" + "、".join(measures[:MAX_PROGRESS_MEASURES]))
    return ";".join(parts)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_counts(days: Iterable[date], first_monday: date, weeks: int) -> list[float]:
    """Requests per week (Monday to Sunday) for ``weeks`` weeks from ``first_monday``."""
    counts = [0.0] * weeks
    for day in days:
        index = (day - first_monday).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return counts


def comparable(all_areas: dict[str, Area], treated: Area, busy: set[str], excluded: set[str]) -> list[Area]:
    """The control areas: same level, not the treated one, not under another theme of the category
    (``excluded``), with matching requests before the theme (``busy``: area codes with some)."""
    return [
        a
        for a in all_areas.values()
        if a.level == treated.level
        and a.code != treated.code
        and a.code not in excluded
        and a.code in busy
        and not (a.grids & treated.grids)
    ]
