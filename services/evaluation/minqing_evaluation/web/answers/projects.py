"""The answers of ``projects_api``: a public project (一事一评) with its rounds of household rating, a
rating recorded, and a ballot of before."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import Instant, ResponseModel

from .stats import Counts


class RoundResult(ResponseModel):
    dissatisfied_ratio: float
    formula: str
    denominator: int = Field(description="ratings")
    rectification_required: bool


class ProjectRound(ResponseModel):
    round: int
    status: Literal["listing", "open", "passed", "rectifying", "rectified"]
    households: int | None = Field(description="invited households, once intake listed them")
    ratings: int
    counts: Counts
    links_expire_at: Instant
    closed_at: Instant | None
    result: RoundResult | None = Field(description="once the round closed")
    rectify_by: Instant | None
    rectified_at: Instant | None
    rectification_note: str | None
    overdue: bool


class ProgressStep(ResponseModel):
    note: str
    recorded_at: Instant


class ProjectView(ResponseModel):
    """A project as published: plan, funds, progress and each round's ratings and result."""

    id: str
    district: str
    unit_id: str
    name: str
    plan: str | None
    funds_yuan: int | None
    progress: list[ProgressStep]
    current_round: int
    min_ratings: int
    threshold: float
    rounds: list[ProjectRound]


class Projects(ResponseModel):
    district: str
    projects: list[ProjectView]


class Invitation(ResponseModel):
    project: ProjectView
    round: int
    rated: bool


class ProjectRated(ResponseModel):
    project_id: str
    round: int
    rating: str
    via: str


class Ballot(ResponseModel):
    """A ballot of before (free-text voter; read only)."""

    id: str
    kind: Literal["project", "review"]
    district: str
    name: str
    subject_id: str
    subject_kind: str
    year: int | None
    status: str
    counts: Counts
    ratings: int
    min_ratings: int
    dissatisfied_ratio: float
    threshold: float
    rectify_by: Instant | None


ANSWERS = (ProjectView, Projects, Invitation, ProjectRated, Ballot)
