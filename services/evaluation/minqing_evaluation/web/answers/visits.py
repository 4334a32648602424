"""The answers of ``visits_api`` (grid work): visit figures (走访, 入户率), unvisited grids and a street's
monthly 民情信息 report."""

from __future__ import annotations

from pydantic import Field

from minqing_kit.response_models import ResponseModel

from ...domain.visit_rates import DEFINITIONS
from .common import Aliased, Fraction, Period


def _defined(name: str) -> object:
    return Field(description=DEFINITIONS[name])


class VisitRow(ResponseModel):
    """One grid's, community's, street's or person's figures of the period."""

    subject: str
    name: str | None
    visit_days: int = _defined("visit_days")
    households_visited: int = _defined("households_visited")
    entry_rate: Fraction = _defined("entry_rate")
    group_visits: int = _defined("group_visits")
    opinions: int = _defined("opinions")
    resolved_on_the_spot: int = _defined("resolved_on_the_spot")
    cases_filed: int = _defined("cases_filed")
    cases_resolved: int = _defined("cases_resolved")
    cases_satisfied: int = _defined("cases_satisfied")
    coverage: Fraction | None = Field(None, description=DEFINITIONS["coverage"])
    awareness_rate: Fraction = _defined("awareness_rate")


class DutyFlag(ResponseModel):
    """A person below a visit duty of their role: what they had against what it needs, in a week or month."""

    person: str
    role: str
    duty: str
    had: int
    needed: int
    week: str | None = Field(None, description="the week's Monday (days_per_week)")
    month: str | None = Field(None, description="YYYY-MM (the monthly duties)")


class CoverageWindow(Aliased):
    days: int
    from_: str = Field(alias="from")


class VisitRates(Period):
    district: str
    period: str
    level: str
    street: str | None
    coverage_window: CoverageWindow
    definitions: dict[str, str]
    rates: list[VisitRow]
    below_duty: list[DutyFlag] | None = Field(None, description="level=person only")


class UnvisitedGrid(ResponseModel):
    grid_code: str
    name: str | None
    community_id: str | None
    street_id: str | None
    households: int
    last_visit: str | None = Field(description="YYYY-MM-DD; null: never visited")
    days_since_visit: int | None


class UnvisitedGrids(ResponseModel):
    district: str
    days: int
    since: str
    grids: list[UnvisitedGrid]


class CategoryCount(ResponseModel):
    category: str
    cases: int


class ReportRow(ResponseModel):
    """The street's or a community's month."""

    id: str
    name: str | None
    households: int
    households_visited: int
    entry_rate: Fraction
    opinions: int
    resolved_on_the_spot: int
    cases_filed: int
    cases_resolved: int
    cases_satisfied: int
    top_categories: list[CategoryCount]


class GridReport(ResponseModel):
    district: str
    month: str
    street: ReportRow
    communities: list[ReportRow]
    definitions: dict[str, str]


ANSWERS = (VisitRates, UnvisitedGrids, GridReport)
