"""The answers of ``public_api``: the quarter's public notice (公示), three-party review (三方评事) and a
unit's year and annual assessment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import ResponseModel

from ...domain.rates import RATES
from .stats import BounceFigures, Counts

PARTY_RATING = "the party's three-party rating (satisfied, basically_satisfied, not_satisfied), null if none"


class NoticeItem(ResponseModel):
    """A public matter closed in the quarter (不公开 requests are never listed)."""

    ticket: str
    category: str | None
    unit_id: str | None
    unit_name: str | None
    outcome: str | None
    measures: str | None
    result: str | None
    resident_rating: str | None
    community: str | None = Field(description=PARTY_RATING)
    party_rep: str | None = Field(description=PARTY_RATING)
    resident_rep: str | None = Field(description=PARTY_RATING)
    closed_at: str = Field(description="the local day it closed (YYYY-MM-DD)")


class PublicNotice(ResponseModel):
    district: str
    quarter: str
    items: list[NoticeItem]


class PanelRated(ResponseModel):
    case_id: str
    quarter: str
    party: str
    rating: str


class PanelMemberNamed(ResponseModel):
    id: str
    quarter: str
    party: str
    name: str


class Member(ResponseModel):
    id: str
    name: str


class PanelOfQuarter(ResponseModel):
    district: str
    quarter: str
    parties: dict[str, list[Member]] = Field(description="community, party_rep, resident_rep: their members")


class PartyFigures(ResponseModel):
    counts: Counts = Field(description="ratings of each kind")
    satisfaction: float | None = Field(description="(satisfied + basically_satisfied) / ratings; null: none")


class QuarterFigures(ResponseModel):
    parties: dict[str, PartyFigures]
    combined_satisfaction: float | None = Field(description="the mean of the parties that rated")
    matters: int
    reviewed_by_all_three: int


class UnitPanel(QuarterFigures):
    unit_id: str


class PanelResults(ResponseModel):
    district: str
    quarter: str
    units: list[UnitPanel]


class UnitQuarter(QuarterFigures):
    quarter: str


class UnitYear(ResponseModel):
    unit_id: str
    year: int
    quarters: list[UnitQuarter]
    annual_satisfaction: float | None
    formula: str
    denominator: int = Field(description="quarters that had ratings")


class AssessedRate(ResponseModel):
    name: Literal[tuple(RATES)]  # type: ignore[valid-type]
    value: float | None = Field(description="None when the denominator is below min_sample (样本不足)")
    status: Literal["measured", "too_few_cases"]
    numerator: int
    denominator: int
    formula: str
    higher_is_better: bool


class AssessedBounces(BounceFigures):
    formula: dict[str, str]


class ReviewOfUnit(ResponseModel):
    id: str
    person_name: str
    post: str
    status: str
    grade: str | None


class ProjectOfUnit(ResponseModel):
    id: str
    name: str
    status: str | None = Field(description="its latest round's status; null: rating not opened yet")


class UnitAssessment(ResponseModel):
    district: str
    unit_id: str
    unit_name: str
    level: str
    year: int
    min_sample: int
    three_party: UnitYear
    rates: list[AssessedRate]
    score: float | None = Field(description="composite score, None below min_sample rated follow-ups")
    score_status: Literal["ranked", "too_few_cases"]
    bounces: AssessedBounces
    annual_reviews: list[ReviewOfUnit]
    projects: list[ProjectOfUnit]


ANSWERS = (PublicNotice, PanelRated, PanelMemberNamed, PanelOfQuarter, PanelResults, UnitYear, UnitAssessment)
