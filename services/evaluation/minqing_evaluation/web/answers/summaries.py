"""The answer of ``summary_api``: the monthly summary (每月一总结) as JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import ResponseModel

from .common import Fraction, Period


class SummaryRow(ResponseModel):
    level: Literal["district", "street", "community"]
    unit_id: str
    name: str
    parent: str | None
    received: int | None = Field(description="the district's row only")
    dispatched: int
    rates: dict[str, Fraction] = Field(description="response, resolution, satisfaction (definitions)")


class SummaryTheme(ResponseModel):
    """A theme (每月一题) as the summary lists it, with its effect's estimate and 95 % interval."""

    title: str
    status: str
    lead_unit_name: str
    area_name: str
    tasks_done: int
    tasks_total: int
    tasks_overdue: int
    measures: int
    linked_cases: int
    effect: float | None
    effect_low: float | None
    effect_high: float | None


class MonthlySummary(Period):
    district: str
    month: str
    rows: list[SummaryRow]
    themes: list[SummaryTheme]
    definitions: dict[str, str]


ANSWERS = (MonthlySummary,)
