"""The JSON bodies evaluation's API reads, as models: the views validate with them and
``web/openapi.py`` documents them (``minqing_kit.request_models``)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from minqing_kit.request_models import RequestModel, text

from ..domain.followup import SATISFACTIONS, UNCLEAR
from ..domain.verdict import RATINGS

QUARTER = "^20[0-9]{2}Q[1-4]$"
RATED = (f"must be one of {list(RATINGS)}", "须为满意、基本满意或不满意")


ANSWERS = (*SATISFACTIONS, UNCLEAR)


class Dimensions(RequestModel):
    """速度, 效果, 态度, 答复质量: each one of the overall answers, or left out."""

    speed: Literal[ANSWERS] | None = None
    effect: Literal[ANSWERS] | None = None
    attitude: Literal[ANSWERS] | None = None
    reply_quality: Literal[ANSWERS] | None = None


class Answer(RequestModel):
    """A resident's follow-up answer (回访), by the link or taken by phone."""

    REASONS = {
        "satisfaction": (f"must be one of {list(ANSWERS)}", "须为满意、基本满意、不满意或说不清"),
        "comment": ("must be text of at most 2000 characters", "须为不超过2000字的文字"),
    }
    solved: bool
    satisfaction: Literal[ANSWERS] = Field(description="'unclear' is 说不清: never counted as satisfied")
    dimensions: Dimensions | None = Field(None, description="Shenzhen's four dimensions, each optional")
    comment: text(2000, blank=True) | None = None
    ticket: str | None = Field(None, description="optional; must be the token's case (else 404)")
    knows_grid_worker: bool | None = Field(
        None, description="optional: does the resident know their grid worker (知晓率)? Left out: not answered"
    )


class Affected(RequestModel):
    """The households a project affects, in intake's terms: grids, buildings or household ids."""

    grid_codes: list[text(40)] = Field(default=[], max_length=200)
    building_ids: list[text(64)] = Field(default=[], max_length=500)
    household_ids: list[text(64)] = Field(default=[], max_length=5000)


class Project(RequestModel):
    """A public project to rate (一事一评): its plan, funds and the households it affects."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "name": "幸福小区加装电梯",
                "unit_id": "xl-xf",
                "plan": "4号楼加装电梯",
                "funds_yuan": 250000,
                "affected": {"grid_codes": ["XL-XF-01-G01"]},
            }
        }
    )
    name: text(200)
    unit_id: text(64)
    plan: text(4000, blank=True) | None = None
    description: text(4000, blank=True) | None = Field(None, description="older name of plan")
    funds_yuan: int | None = Field(None, ge=0, le=10**9)
    affected: Affected = Affected()


class ProgressNote(RequestModel):
    """A step of a project's progress, or a rectification reported done."""

    note: text(2000)


class ProjectRating(RequestModel):
    """A household's rating of a project (一事一评), by its link."""

    model_config = ConfigDict(json_schema_extra={"example": {"rating": "satisfied"}})
    REASONS = {"rating": RATED}
    rating: Literal[RATINGS]


class PaperRating(RequestModel):
    """A paper ballot the supervisory board (监事会) collected from a household, entered by a member."""

    model_config = ConfigDict(json_schema_extra={"example": {"household_id": "hh-7d1e", "rating": "satisfied"}})
    REASONS = {"rating": RATED}
    household_id: text(64)
    rating: Literal[RATINGS]


class Review(RequestModel):
    """A person's annual review (双述双评) for a year: a community cadre (两委成员) or staff member."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"person_id": "xl-xf-h1", "year": 2026, "post": "two_committees"}}
    )
    REASONS = {
        "post": ("must be two_committees or staff", "须为两委成员(two_committees)或专职工作者(staff)"),
        "year": ("must be a year such as 2026", "须为年份,如2026"),
    }
    person_id: text(64)
    year: int = Field(ge=2000, le=2100)
    post: Literal["two_committees", "staff"]


class ReviewVote(RequestModel):
    """A vote on one of the review's two ballots: the superior organisation's rater votes as themselves,
    a residents' paper ballot names its household."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"ballot": "residents", "rating": "satisfied", "household_id": "hh-7d1e"}}
    )
    REASONS = {"rating": RATED, "ballot": ("must be superior or residents", "须为上级组织(superior)或群众(residents)")}
    ballot: Literal["superior", "residents"]
    rating: Literal[RATINGS]
    household_id: text(64) | None = None


class ReviewConclusion(RequestModel):
    """The superior organisation's grade concluding a review (称职 / 基本称职 / 不称职)."""

    REASONS = {"grade": ("must be competent, basically_competent or incompetent", "须为称职、基本称职或不称职")}
    grade: Literal["competent", "basically_competent", "incompetent"]


class StepCompletion(RequestModel):
    """A procedure step marked done, with an optional note of what was done (e.g. the rectification plan)."""

    note: text(500) | None = None


class PanelRating(RequestModel):
    """A three-party rating (三方评事) of a matter closed in the quarter."""

    REASONS = {
        "rating": RATED,
        "party": ("must be one of ['community', 'party_rep', 'resident_rep']", "须为社区、党员代表或居民代表"),
        "quarter": ("must look like 2026Q4", "须为如2026Q4的季度"),
    }
    case_id: str
    quarter: str = Field(pattern=QUARTER)
    member_id: text(36) = Field(description="the panel member rating, named for the quarter; their party rates")
    party: Literal["community", "party_rep", "resident_rep"] | None = Field(
        None, description="optional; must be the member's party"
    )
    rating: Literal[RATINGS]
    measures: str | None = None


class PanelMember(RequestModel):
    """A member of the quarter's three-party panel (三方评事), named by party."""

    model_config = ConfigDict(json_schema_extra={"example": {"party": "resident_rep", "name": "刘桂英"}})
    REASONS = {"party": ("must be one of ['community', 'party_rep', 'resident_rep']", "须为社区、党员代表或居民代表")}
    party: Literal["community", "party_rep", "resident_rep"]
    name: text(80)


WORKING_DAYS = "^[1-9][0-9]{0,2}wd$"
PERIOD_REASON = ("must be a number of working days such as 10wd", "须为工作日数,如10wd")


class ThemeTask(RequestModel):
    """A task of a theme (每月一题): what, which unit owns it, in how many working days."""

    REASONS = {"period": PERIOD_REASON}
    description: text(500)
    unit_id: text(64)
    owner_person_id: text(64) | None = None
    period: str = Field(pattern=WORKING_DAYS, description="working days on the official calendar, e.g. 10wd")


class Theme(RequestModel):
    """A theme taken up from a recurring problem (or a category in an area)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "title": "幸福小区垃圾清运不及时",
                "problem": "3号楼一带垃圾清运不及时,一个月内多次被反映",
                "category": "environment",
                "area": "tv-c1",
                "keywords": ["垃圾"],
                "lead_unit_id": "tv-cgj",
                "co_unit_ids": ["tv-c1"],
                "tasks": [{"description": "增设垃圾收集点", "unit_id": "tv-c1", "period": "10wd"}],
            }
        }
    )
    title: text(200)
    problem: text(2000)
    category: text(32)
    area: text(64) = Field(description="a grid code, community id or street id of your district")
    keywords: list[text(20)] = Field(default=[], max_length=10, description="a matching request contains one")
    lead_unit_id: text(64)
    co_unit_ids: list[text(64)] = Field(default=[], max_length=20)
    tasks: list[ThemeTask] = Field(default=[], max_length=50)
    source: text(120) | None = Field(None, description="the recurring problem it came from")


class ThemeMeasure(RequestModel):
    """A policy or measure the theme adopted (出台的政策或措施)."""

    REASONS = {"kind": ("must be policy or measure", "须为policy或measure")}
    kind: Literal["policy", "measure"]
    text: text(500)
