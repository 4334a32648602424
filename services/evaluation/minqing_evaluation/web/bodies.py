"""The JSON bodies evaluation's API reads, as models: the views validate with them and
``web/openapi.py`` documents them (``minqing_kit.request_models``)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from minqing_kit.request_models import RequestModel, text

from ..domain.followup import SATISFACTIONS
from ..domain.verdict import RATINGS

QUARTER = "^20[0-9]{2}Q[1-4]$"
RATED = (f"must be one of {list(RATINGS)}", "须为满意、基本满意或不满意")


class Answer(RequestModel):
    """A resident's follow-up answer (回访), by the link or taken by phone."""

    REASONS = {
        "satisfaction": (f"must be one of {list(SATISFACTIONS)}", "须为满意、基本满意或不满意"),
        "comment": ("must be text of at most 2000 characters", "须为不超过2000字的文字"),
    }
    solved: bool
    satisfaction: Literal[SATISFACTIONS]
    comment: text(2000, blank=True) | None = None
    ticket: str | None = Field(None, description="optional; must be the token's case (else 404)")
    knows_grid_worker: bool | None = Field(
        None, description="optional: does the resident know their grid worker (知晓率)? Left out: not answered"
    )


class Project(RequestModel):
    """A public project to rate (一事一评)."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"name": "幸福小区加装电梯", "unit_id": "xl-xf", "description": "4号楼加装电梯"}}
    )
    name: text(200)
    unit_id: text(64)
    description: str | None = None


class Review(RequestModel):
    """The annual review of a unit or a cadre (双述双评)."""

    REASONS = {
        "subject_kind": ("must be unit or cadre", "须为unit或cadre"),
        "year": ("must be a year such as 2026", "须为年份,如2026"),
    }
    name: text(200)
    subject_kind: Literal["unit", "cadre"]
    subject_id: text(64)
    year: int = Field(ge=2000, le=2100)


class BallotRating(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": {"voter": "4-2-301", "rating": "satisfied"}})
    REASONS = {"rating": RATED}
    voter: text(120) = Field(description="household or ballot number; stored only as a hash")
    rating: Literal[RATINGS]


class PanelRating(RequestModel):
    """A three-party rating (三方评事) of a matter closed in the quarter."""

    REASONS = {
        "rating": RATED,
        "party": ("must be one of ['community', 'party_rep', 'resident_rep']", "须为社区、党员代表或居民代表"),
        "quarter": ("must look like 2026Q4", "须为如2026Q4的季度"),
    }
    case_id: str
    quarter: str = Field(pattern=QUARTER)
    party: Literal["community", "party_rep", "resident_rep"]
    rating: Literal[RATINGS]
    measures: str | None = None
