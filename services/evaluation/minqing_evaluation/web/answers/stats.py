"""The answers of ``stats_api``: rates, rankings, bounces, reports and recurring problems of a district."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import ResponseModel

from .common import Period, Rates

Counts = dict[str, int]
SECONDS = "seconds from the dispatch to 签收"


class UnitRates(ResponseModel):
    """A unit's counters summed over the period, its rates and composite score (0-100, null: no rate)."""

    unit_id: str
    unit_name: str
    level: str
    parent: str | None
    counts: Counts
    rates: Rates
    score: float | None


class DistrictRates(Period):
    district: str
    weights: dict[str, float] = Field(description="the composite score's weight of each rate")
    units: list[UnitRates]


class BounceColumn(ResponseModel):
    """A ranking row's bounce figures (推诿) over the period."""

    received: int
    returns: int
    bounce_rate: float | None
    accept_p50: int | None = Field(description=SECONDS)
    accept_p90: int | None = Field(description=SECONDS)
    rulings: int


class RankRow(ResponseModel):
    rank: int | None = Field(description="null below the minimum sample")
    status: Literal["ranked", "too_few_cases"]
    unit_id: str
    unit_name: str
    score: float | None
    sample: int = Field(description="rated follow-ups, against min_sample")
    rates: Rates
    bounces: BounceColumn


class Ranking(Period):
    district: str
    level: str
    parent: str | None
    min_sample: int
    weights: dict[str, float]
    rows: list[RankRow]


class BounceFigures(ResponseModel):
    """A unit's bounce figures over a period (domain/bounces.py UnitPeriod)."""

    received: int
    returns: int
    bounce_rate: float | None = Field(description="returns / received, null when nothing was received")
    returns_by_reason: Counts
    rulings: int
    accepted_timed: int
    accept_p50: int | None = Field(description=SECONDS)
    accept_p90: int | None = Field(description=SECONDS)


class BounceRow(BounceFigures):
    unit_id: str
    unit_name: str
    period: str = Field(description="the day, or the month's first day (YYYY-MM-DD)")


class Bounces(Period):
    district: str
    period: Literal["day", "month"]
    formula: dict[str, str]
    rows: list[BounceRow]


class Owned(ResponseModel):
    """包案 cases counted apart."""

    cases: int = Field(description="包案 cases: a leader took them (counted on that day)")
    counts: Counts
    rates: Rates
    formulas: dict[str, str]


class Overdue(ResponseModel):
    unit_id: str
    unit_name: str
    supervised: int
    resolved_late: int


class Report(Period):
    """A daily, weekly or monthly report. One stored before a figure was added lacks it."""

    district: str
    kind: str
    received: int | None = None
    by_category: Counts | None = None
    by_channel: Counts | None = None
    by_type: Counts | None = Field(
        None, description="诉求类型 (consultation, help, complaint, suggestion, praise): requests of each"
    )
    dispatched_by_level: Counts | None = None
    counts: Counts | None = None
    rates: Rates | None = None
    owned: Owned | None = None
    overdue: list[Overdue] | None = Field(None, description="units with supervised or late cases, most first")


class GridCases(ResponseModel):
    grid_code: str
    grid_name: str
    cases: int


class RecurringProblem(ResponseModel):
    category: str
    category_name: str
    street: str
    street_name: str
    size: int = Field(description="cases")
    growth: int = Field(description="cases in the period's second half minus its first half")
    spread: int = Field(description="grids with cases")
    top_words: list[str] = Field(description="over-represented terms of its public cases")
    grids: list[GridCases]
    sample_tickets: list[str] = Field(description="public cases only")


class RecurringProblems(Period):
    district: str
    order: str
    method: str
    computed_at: str
    problems: list[RecurringProblem]


ANSWERS = (DistrictRates, Ranking, Bounces, Report, RecurringProblems)
