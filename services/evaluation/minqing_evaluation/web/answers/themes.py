"""The answers of ``themes_api``: a theme (每月一题) with its tasks, measures, linked cases and effect
(difference in differences), and the district's themes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import Instant, ResponseModel

from .common import Aliased


class CoUnit(ResponseModel):
    unit_id: str
    unit_name: str


class ThemeTaskView(ResponseModel):
    id: str
    description: str
    unit_id: str
    unit_name: str
    due_at: Instant
    status: Literal["open", "done"]
    overdue: bool
    done_at: Instant | None


class Measure(ResponseModel):
    kind: str
    text: str
    adopted_on: str = Field(description="YYYY-MM-DD")


class Estimate(ResponseModel):
    """The difference in differences (cases a week, after minus before, the theme's area against its
    controls) with its 95 % interval."""

    value: float
    low: float
    high: float
    standard_error: float
    relative: float | None
    treated_before: float
    treated_after: float
    control_before: float
    control_after: float
    weeks_after: int
    lag: int
    significant: bool


class ControlArea(ResponseModel):
    area: str
    name: str


class Effect(Aliased):
    formula: str
    from_: str = Field(alias="from", description="the Monday the weeks start (YYYY-MM-DD)")
    weeks_before: int
    weeks: int
    estimate: Estimate | None = Field(description="null: no area, no control, or too few weeks yet")
    treated: list[float] = Field([], description="the theme's area's cases per week")
    control_mean: list[float] = Field([], description="the controls' mean cases per week")
    controls: list[ControlArea]


class ThemeView(ResponseModel):
    id: str
    district: str
    title: str
    problem: str
    category: str
    category_name: str
    area: str
    area_name: str
    keywords: list[str]
    lead_unit_id: str
    lead_unit_name: str
    co_units: list[CoUnit]
    status: Literal["open", "closed"]
    opened_on: str = Field(description="YYYY-MM-DD")
    source: str | None
    tasks: list[ThemeTaskView]
    measures: list[Measure]
    linked_cases: int
    effect: Effect


class ThemeListed(ResponseModel):
    id: str
    title: str
    status: Literal["open", "closed"]
    category: str
    area: str
    lead_unit_name: str
    opened_on: str
    linked_cases: int


class Themes(ResponseModel):
    district: str
    themes: list[ThemeListed]


ANSWERS = (ThemeView, Themes)
