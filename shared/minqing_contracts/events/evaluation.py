"""Events evaluation produces: follow-up requests, ratings, reopen requests, project flags."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .base import Actor, Payload

Satisfaction = Literal["satisfied", "basically_satisfied", "not_satisfied"]


class EvaluationRequested(Payload):
    """Follow-up (回访): ask the resident to rate the result, with a single-use link token."""

    EVENT_TYPE = "evaluation.requested.v1"
    PRODUCER = "evaluation"

    ticket: str
    evaluation_id: str
    link_token: str = Field(description="single-use token for the rating link; notify puts it in the message")
    expires_at: datetime
    outcome: Literal["reply", "explanation"]

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "evaluation_id": "ev-1",
        "link_token": "tok",
        "expires_at": "2026-11-29T09:00:00+00:00",
        "outcome": "reply",
    }


class CaseRated(Payload):
    """The resident answered the follow-up."""

    EVENT_TYPE = "case.rated.v1"
    PRODUCER = "evaluation"

    ticket: str
    evaluation_id: str
    unit_id: str
    solved: bool
    satisfaction: Satisfaction
    comment: str | None = None
    knows_grid_worker: bool | None = Field(
        default=None, description="知晓: does the resident know their grid worker? None: the question was not answered"
    )
    via: Literal["link", "hotline"]
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "evaluation_id": "ev-1",
        "unit_id": "xl-xf",
        "solved": True,
        "satisfaction": "satisfied",
        "comment": "很快就处理了",
        "knows_grid_worker": True,
        "via": "link",
        "actor": {"kind": "resident"},
    }


class EvaluationUnanswered(Payload):
    """No answer came within the follow-up period: recorded as no answer, never as satisfied."""

    EVENT_TYPE = "evaluation.unanswered.v1"
    PRODUCER = "evaluation"

    ticket: str
    evaluation_id: str
    unit_id: str

    EXAMPLE = {"ticket": "XL-20261122-000042", "evaluation_id": "ev-1", "unit_id": "xl-xf"}


class ReopenRequested(Payload):
    """Not solved or not satisfied: evaluation asks routing to handle the case again (重办)."""

    EVENT_TYPE = "case.reopen_requested.v1"
    PRODUCER = "evaluation"

    ticket: str
    evaluation_id: str
    unit_id: str
    reason: str
    reopen_count: int

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "evaluation_id": "ev-1",
        "unit_id": "xl-xf",
        "reason": "not_solved",
        "reopen_count": 1,
    }


class CaseClosed(Payload):
    """The ledger entry is closed (销账): the resident has had an answer."""

    EVENT_TYPE = "case.closed.v1"
    PRODUCER = "evaluation"

    ticket: str
    unit_id: str
    satisfaction: Satisfaction | Literal["no_answer"]

    EXAMPLE = {"ticket": "XL-20261122-000042", "unit_id": "xl-xf", "satisfaction": "satisfied"}


class ProjectRectificationRequired(Payload):
    """一事一评: more than 30 % of at least 100 raters were dissatisfied; the unit must rectify."""

    EVENT_TYPE = "project.rectification_required.v1"
    PRODUCER = "evaluation"

    project_id: str
    project_name: str
    unit_id: str
    ratings: int
    dissatisfied_ratio: float
    rectify_by: datetime

    EXAMPLE = {
        "project_id": "pr-1",
        "project_name": "幸福小区加装电梯",
        "unit_id": "xl-xf",
        "ratings": 120,
        "dissatisfied_ratio": 0.325,
        "rectify_by": "2027-01-31T09:00:00+00:00",
    }


class ReviewFlagged(Payload):
    """双述双评: in the annual review more than 30 % of at least the minimum number of raters were
    dissatisfied with a unit or a cadre; flagged for action with a deadline."""

    EVENT_TYPE = "review.flagged.v1"
    PRODUCER = "evaluation"

    review_id: str
    year: int
    subject_kind: Literal["unit", "cadre"]
    subject_id: str
    subject_name: str
    ratings: int
    dissatisfied_ratio: float
    rectify_by: datetime

    EXAMPLE = {
        "review_id": "rv-1",
        "year": 2026,
        "subject_kind": "unit",
        "subject_id": "xl-xf",
        "subject_name": "幸福社区",
        "ratings": 100,
        "dissatisfied_ratio": 0.31,
        "rectify_by": "2027-01-31T09:00:00+00:00",
    }
