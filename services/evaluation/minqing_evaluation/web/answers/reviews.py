"""The answers of ``reviews_api``: an annual review (双述双评) with its two ballots, grade, procedures and
inputs, and a vote recorded."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import Instant, ResponseModel

from .public import UnitYear
from .stats import Counts

PROCEDURE = Literal["resign_or_recall", "rectification", "no_bonus_no_renewal"]


class ReviewBallot(ResponseModel):
    counts: Counts
    ratings: int
    dissatisfied_ratio: float
    formula: str
    denominator: int = Field(description="ratings of this ballot")


class Ballots(ResponseModel):
    superior: ReviewBallot
    residents: ReviewBallot


class Participation(ResponseModel):
    """The residents' ballot's votes over the households intake listed."""

    households: int | None = Field(description="households listed (None: not yet)")
    ratings: int
    rate: float | None
    formula: str
    denominator: int | None


class ProcedureStep(ResponseModel):
    step: str
    name: str
    done_at: Instant | None
    done_by: str | None = None
    note: str | None = None


class Procedure(ResponseModel):
    kind: PROCEDURE
    steps: list[ProcedureStep] = Field(description="done in their order")
    due_at: Instant | None


class ReviewInputs(ResponseModel):
    cases_resolved: int = Field(description="the person's resolved cases of the year")
    visits: int = Field(description="the person's visits of the year")
    unit_three_party: UnitYear


class AnnualReview(ResponseModel):
    id: str
    district: str
    year: int
    person_id: str
    person_name: str
    unit_id: str
    post: Literal["two_committees", "staff"]
    status: Literal["open", "concluded"]
    grade: Literal["competent", "basically_competent", "incompetent"] | None
    ballots: Ballots
    participation: Participation
    min_ratings: int
    threshold: float
    procedures: list[Procedure]
    inputs: ReviewInputs


class AnnualReviews(ResponseModel):
    district: str
    year: int
    reviews: list[AnnualReview]


class ReviewVoted(ResponseModel):
    review_id: str
    ballot: str
    rating: str


ANSWERS = (AnnualReview, AnnualReviews, ReviewVoted)
