"""Events evaluation produces: follow-up requests, ratings, reopen requests, project flags."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .base import Actor, Payload
from .intake import ProxyConsent

Satisfaction = Literal["satisfied", "basically_satisfied", "not_satisfied"]
DimensionAnswer = Literal["satisfied", "basically_satisfied", "not_satisfied", "unclear"]


class RatingDimensions(BaseModel):
    """Shenzhen's four dimensions of a rating, each optional (None: not answered); 'unclear' is 说不清."""

    model_config = ConfigDict(extra="ignore")  # a dimension added later does not break older readers

    speed: DimensionAnswer | None = Field(default=None, description="速度: how fast it was handled")
    effect: DimensionAnswer | None = Field(default=None, description="效果: whether the result helped")
    attitude: DimensionAnswer | None = Field(default=None, description="态度: the handlers' attitude")
    reply_quality: DimensionAnswer | None = Field(default=None, description="答复质量: the reply's quality")


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


class ProxyAnswer(BaseModel):
    """The resident's proxy (代理) gave the follow-up answer for them, with the consent the resident gave."""

    model_config = ConfigDict(extra="ignore")

    proxy_person_id: str
    consent: ProxyConsent


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
    unclear: bool = Field(
        default=False,
        description="说不清: the resident could not say; satisfaction is then not_satisfied, so that no reader"
        " ever counts it as satisfied",
    )
    dimensions: RatingDimensions | None = Field(default=None, description="the four dimensions, when answered")
    via: Literal["link", "hotline"]
    actor: Actor
    proxy: ProxyAnswer | None = Field(
        default=None,
        description="the resident's proxy (代理) answered for them, with this consent; via is then hotline (staff)",
    )

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "evaluation_id": "ev-1",
        "unit_id": "xl-xf",
        "solved": True,
        "satisfaction": "satisfied",
        "comment": "很快就处理了",
        "knows_grid_worker": True,
        "unclear": False,
        "dimensions": {"speed": "satisfied", "effect": "satisfied", "attitude": "basically_satisfied"},
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
    unclear: bool = Field(default=False, description="说不清: the rating was unclear (satisfaction not_satisfied)")

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
    round: int | None = Field(default=None, description="the rating round (1, or 2 after a rectification)")

    EXAMPLE = {
        "project_id": "pr-1",
        "project_name": "幸福小区加装电梯",
        "unit_id": "xl-xf",
        "round": 1,
        "ratings": 120,
        "dissatisfied_ratio": 0.325,
        "rectify_by": "2027-01-31T09:00:00+00:00",
    }


VisitDuty = Literal["days_per_week", "households_per_month", "group_visits_per_month"]


class VisitDutyMissed(Payload):
    """A team member fell short of their role's visit duty (走访要求) in an ended week or month; told
    once per period to the unit that looks after them (``unit_id``: their grids' community, or the
    street when their grids span communities). Staff ids and counts only: no household."""

    EVENT_TYPE = "visit.duty_missed.v1"
    PRODUCER = "evaluation"

    unit_id: str
    person_id: str
    person_name: str | None = None
    role: str
    duty: VisitDuty
    had: int
    needed: int
    period: str = Field(description="the week's Monday (YYYY-MM-DD) or the month (YYYY-MM) judged")
    grid_codes: list[str] = Field(default=[], description="the grids of the person's team")

    EXAMPLE = {
        "unit_id": "xl-xf",
        "person_id": "xl-xf-g1",
        "person_name": "王网格",
        "role": "grid_worker",
        "duty": "days_per_week",
        "had": 2,
        "needed": 3,
        "period": "2026-11-16",
        "grid_codes": ["XL-XF-01-G01"],
    }


class VisitReportIssued(Payload):
    """The month's 民情信息 report of a street (or station) and its communities, sent to the street at
    month end. Figures only (the whole report is at ``GET .../grid-reports``): no household."""

    EVENT_TYPE = "visit.report_issued.v1"
    PRODUCER = "evaluation"

    unit_id: str = Field(description="the street")
    month: str = Field(description="YYYY-MM")
    communities: int
    households_visited: int
    opinions: int
    resolved_on_the_spot: int
    cases_filed: int
    cases_resolved: int

    EXAMPLE = {
        "unit_id": "xl-s1",
        "month": "2026-11",
        "communities": 3,
        "households_visited": 1840,
        "opinions": 62,
        "resolved_on_the_spot": 41,
        "cases_filed": 17,
        "cases_resolved": 12,
    }


class ProjectRatingOpened(Payload):
    """一事一评: a round of rating opens for the households a project affects, given by grid, by building or
    as a list of intake's household ids. Intake answers with the households it holds there."""

    EVENT_TYPE = "project.rating_opened.v1"
    PRODUCER = "evaluation"

    project_id: str
    round: int = Field(ge=1, description="1, then 2 after a rectification")
    grid_codes: list[str] = []
    building_ids: list[str] = []
    household_ids: list[str] = Field(default=[], description="intake's household ids; never a household's detail")

    EXAMPLE = {
        "project_id": "pr-1",
        "round": 1,
        "grid_codes": ["XL-XF-01-G01"],
        "building_ids": [],
        "household_ids": [],
    }


class ProjectRatingInvited(Payload):
    """One affected household is invited to rate a project: a single-use link token for notify to send
    to the household's contact, which stays sealed as intake sealed it (only notify opens it)."""

    EVENT_TYPE = "project.rating_invited.v1"
    PRODUCER = "evaluation"

    project_id: str
    project_name: str
    round: int = Field(ge=1)
    invitation_id: str
    household_id: str
    project_token: str = Field(description="single-use token of the project rating link; only its hash is stored")
    expires_at: datetime
    contact_sealed: str = Field(description="the household's contact, sealed so that only notify can open it")

    EXAMPLE = {
        "project_id": "pr-1",
        "project_name": "幸福小区加装电梯",
        "round": 1,
        "invitation_id": "pi-1",
        "household_id": "hh-7d1e",
        "project_token": "tok",
        "expires_at": "2026-11-30T09:00:00+00:00",
        "contact_sealed": "b64:AAAA",
    }


class ProjectRectificationOverdue(Payload):
    """一事一评: a rectification passed its deadline without being reported done; supervised like an
    overdue case (督办)."""

    EVENT_TYPE = "project.rectification_overdue.v1"
    PRODUCER = "evaluation"

    project_id: str
    project_name: str
    unit_id: str
    round: int = Field(ge=1, description="the round whose result required the rectification")
    rectify_by: datetime

    EXAMPLE = {
        "project_id": "pr-1",
        "project_name": "幸福小区加装电梯",
        "unit_id": "xl-xf",
        "round": 1,
        "rectify_by": "2027-01-31T09:00:00+00:00",
    }


# --- meetings (听证会, 协调会, 评议会, 三方评事, 民情分析会) and the six-step deliberation ------------------

MeetingKind = Literal["hearing", "coordination", "evaluation", "three_party", "analysis"]


# --- themes (每月一题): a recurring problem solved at the root, with tasks, linked cases and measures ------


class ThemeOpened(Payload):
    """A supervisor opened a theme (每月一题) on a recurring problem: its matching rule (category and
    area, optionally keywords), its lead department (牵头单位) and co-units (配合单位)."""

    EVENT_TYPE = "theme.opened.v1"
    PRODUCER = "evaluation"

    theme_id: str
    theme_title: str
    category: str
    area: str = Field(description="the grid code, community or street id the theme covers")
    keywords: list[str] = []
    unit_id: str = Field(description="the lead unit (牵头单位)")
    co_unit_ids: list[str] = []

    EXAMPLE = {
        "theme_id": "th-1",
        "theme_title": "幸福小区垃圾清运不及时",
        "category": "environment",
        "area": "xl-xf",
        "keywords": ["垃圾"],
        "unit_id": "xl-cgj",
        "co_unit_ids": ["xl-xf"],
    }


class ThemeTaskAssigned(Payload):
    """A task of a theme, with its owner unit and deadline (working days, supervised like a case's)."""

    EVENT_TYPE = "theme.task_assigned.v1"
    PRODUCER = "evaluation"

    theme_id: str
    theme_title: str
    task_id: str
    description: str
    unit_id: str = Field(description="the task's owner unit")
    owner_person_id: str | None = None
    due_at: datetime

    EXAMPLE = {
        "theme_id": "th-1",
        "theme_title": "幸福小区垃圾清运不及时",
        "task_id": "tt-1",
        "description": "增设3号楼垃圾收集点",
        "unit_id": "xl-cgj",
        "owner_person_id": None,
        "due_at": "2026-12-15T09:30:00+00:00",
    }


class ThemeTaskOverdue(Payload):
    """A theme's task passed its deadline without being done (督办): its owner unit hears of it, and
    the district's supervisors and leaders."""

    EVENT_TYPE = "theme.task_overdue.v1"
    PRODUCER = "evaluation"

    theme_id: str
    theme_title: str
    task_id: str
    description: str
    unit_id: str = Field(description="the task's owner unit")
    lead_unit_id: str
    due_at: datetime

    EXAMPLE = {
        "theme_id": "th-1",
        "theme_title": "幸福小区垃圾清运不及时",
        "task_id": "tt-1",
        "description": "增设3号楼垃圾收集点",
        "unit_id": "xl-xf",
        "lead_unit_id": "xl-cgj",
        "due_at": "2026-12-15T09:30:00+00:00",
    }


class ThemeCaseLinked(Payload):
    """A new case matched an open theme and was attached to it: its resident is answered with the
    theme's progress (``progress``, public text: no resident's data)."""

    EVENT_TYPE = "theme.case_linked.v1"
    PRODUCER = "evaluation"

    theme_id: str
    theme_title: str
    ticket: str
    lead_unit_name: str
    progress: str = Field(description="the theme's progress as told to residents (tasks done, measures adopted)")
    tasks_done: int
    tasks_total: int

    EXAMPLE = {
        "theme_id": "th-1",
        "theme_title": "幸福小区垃圾清运不及时",
        "ticket": "XL-20261122-000042",
        "lead_unit_name": "城管局",
        "progress": "已完成任务1项(共3项);已出台措施:垃圾清运每日两次",
        "tasks_done": 1,
        "tasks_total": 3,
    }


class MeetingNoticeIssued(Payload):
    """A meeting's notice went out: representatives recruited (``recruitment``), time, place and list
    published (``schedule``), or materials sent (``materials``). ``invitee_ids``: staff person ids only;
    residents' representatives are never named in an event."""

    EVENT_TYPE = "meeting.notice_issued.v1"
    PRODUCER = "evaluation"

    meeting_id: str
    kind: MeetingKind
    title: str
    unit_id: str = Field(description="the convening unit")
    notice: Literal["recruitment", "schedule", "materials"]
    starts_at: datetime
    place: str
    invitee_ids: list[str] = []

    EXAMPLE = {
        "meeting_id": "mt-1",
        "kind": "hearing",
        "title": "幸福小区加装电梯听证会",
        "unit_id": "xl-xf",
        "notice": "schedule",
        "starts_at": "2026-12-20T06:00:00+00:00",
        "place": "幸福社区党群服务中心二楼",
        "invitee_ids": ["xl-p3"],
    }


class MeetingHeld(Payload):
    """The meeting took place with the attendance recorded; ``notice_override`` is the reason recorded
    when a hearing was held although a notice was not given in time."""

    EVENT_TYPE = "meeting.held.v1"
    PRODUCER = "evaluation"

    meeting_id: str
    kind: MeetingKind
    title: str
    unit_id: str
    held_at: datetime
    invited: int
    attended: int
    notice_override: str | None = None

    EXAMPLE = {
        "meeting_id": "mt-1",
        "kind": "hearing",
        "title": "幸福小区加装电梯听证会",
        "unit_id": "xl-xf",
        "held_at": "2026-12-20T06:00:00+00:00",
        "invited": 12,
        "attended": 11,
        "notice_override": None,
    }


class MinutesPublished(Payload):
    """The minutes, drafted by the convener and corrected by attendees, are published."""

    EVENT_TYPE = "meeting.minutes_published.v1"
    PRODUCER = "evaluation"

    meeting_id: str
    kind: MeetingKind
    title: str
    unit_id: str
    corrections: int
    invitee_ids: list[str] = []

    EXAMPLE = {
        "meeting_id": "mt-1",
        "kind": "coordination",
        "title": "4号楼漏水协调会",
        "unit_id": "xl-xf",
        "corrections": 1,
        "invitee_ids": ["xl-p3"],
    }


class MeetingTask(BaseModel):
    """Work a decision assigns: its owner and deadline."""

    model_config = ConfigDict(extra="ignore")

    task_id: str
    owner_unit_id: str
    owner_person_id: str | None = None
    description: str
    due_at: datetime


class MeetingDecisionRecorded(Payload):
    """A decision of a meeting, adopted or not (then with its reason). An adopted decision of a
    coordination meeting (协调会) on cases is their reply: routing resolves each open one with it."""

    EVENT_TYPE = "meeting.decision_recorded.v1"
    PRODUCER = "evaluation"

    meeting_id: str
    decision_id: str
    kind: MeetingKind
    title: str
    unit_id: str
    held_at: datetime
    text: str
    adopted: bool
    reason: str | None = Field(default=None, description="why a decision was not adopted")
    case_ids: list[str] = []
    tasks: list[MeetingTask] = []

    EXAMPLE = {
        "meeting_id": "mt-1",
        "decision_id": "md-1",
        "kind": "coordination",
        "title": "4号楼漏水协调会",
        "unit_id": "xl-xf",
        "held_at": "2026-12-20T06:00:00+00:00",
        "text": "物业于一周内更换4号楼顶层防水层,费用由维修基金列支",
        "adopted": True,
        "reason": None,
        "case_ids": ["c-1"],
        "tasks": [
            {
                "task_id": "mk-1",
                "owner_unit_id": "xl-xf",
                "owner_person_id": None,
                "description": "更换防水层",
                "due_at": "2026-12-29T10:00:00+00:00",
            }
        ],
    }


class MeetingTaskOverdue(Payload):
    """A task a meeting's decision assigned passed its deadline without being done (督办)."""

    EVENT_TYPE = "meeting.task_overdue.v1"
    PRODUCER = "evaluation"

    task_id: str
    meeting_id: str
    title: str
    unit_id: str = Field(description="the task's owner unit")
    owner_person_id: str | None = None
    description: str
    due_at: datetime

    EXAMPLE = {
        "task_id": "mk-1",
        "meeting_id": "mt-1",
        "title": "4号楼漏水协调会",
        "unit_id": "xl-xf",
        "owner_person_id": None,
        "description": "更换防水层",
        "due_at": "2026-12-29T10:00:00+00:00",
    }


class WarningRaised(Payload):
    """Early warning (未诉先办): a grid x category had far more requests on a day than its own history
    (the Poisson rule in evaluation's README); told to the grid's community and its street (one event
    per unit, ``unit_id``), with the cases behind it (ticket numbers only: no resident's data)."""

    EVENT_TYPE = "warning.raised.v1"
    PRODUCER = "evaluation"

    unit_id: str = Field(description="the unit told: the grid's community, or its street")
    grid_code: str
    grid_name: str
    category: str
    category_name: str
    day: date = Field(description="the local day judged")
    count: int = Field(description="requests of the category in the grid that day (so far, when ``as_of`` is set)")
    baseline: float = Field(description="requests per day expected from the history")
    p_value: float = Field(description="P(that many or more | Poisson(baseline))")
    rule: str = Field(description="the rule, as a formula")
    tickets: list[str] = Field(description="the day's cases behind the warning")
    as_of: datetime | None = Field(
        default=None,
        description="raised while the day still runs: ``count`` and ``tickets`` are the day's up to this instant;"
        " none: the whole day, judged after it ended",
    )

    EXAMPLE = {
        "unit_id": "xl-xf",
        "grid_code": "XL-XF-01-G01",
        "grid_name": "幸福小区一网格",
        "category": "municipal",
        "category_name": "市政设施",
        "day": "2026-11-30",
        "count": 9,
        "baseline": 0.82,
        "p_value": 0.0000041,
        "rule": "P(X >= count | Poisson(baseline)) <= alpha and count >= min_count",
        "tickets": ["XL-20261130-000012", "XL-20261130-000015"],
    }


class ReviewOpened(Payload):
    """双述双评: a person's annual review opened. Intake answers with the households of the person's
    community (its grids), the voters of the residents' ballot (review.households_listed.v1), as it
    answers project.rating_opened.v1 for a project."""

    EVENT_TYPE = "review.opened.v1"
    PRODUCER = "evaluation"

    review_id: str
    year: int
    unit_id: str = Field(description="the person's community")
    grid_codes: list[str] = Field(description="the community's grids, whose households vote on the residents' ballot")

    EXAMPLE = {"review_id": "ar-1", "year": 2026, "unit_id": "xl-xf", "grid_codes": ["XL-XF-01-G01", "XL-XF-01-G02"]}


class ReviewConcluded(Payload):
    """双述双评: a person's annual review concluded, with both ballots' results and the procedures its
    consequences opened (resign or recall, rectification, no bonus and no renewal). The person and the
    supervisor of their community are told. It replaced review.flagged.v1 (retired)."""

    EVENT_TYPE = "review.concluded.v1"
    PRODUCER = "evaluation"

    review_id: str
    year: int
    subject_kind: Literal["cadre"] = "cadre"
    subject_id: str = Field(description="the person reviewed (a person id of the district file)")
    subject_name: str
    unit_id: str = Field(description="the person's community")
    supervisor_unit_id: str | None = Field(default=None, description="the unit supervising the community (street)")
    post: Literal["two_committees", "staff"]
    grade: Literal["competent", "basically_competent", "incompetent"]
    superior_dissatisfied_ratio: float
    residents_dissatisfied_ratio: float
    procedures: list[Literal["resign_or_recall", "rectification", "no_bonus_no_renewal"]]
    rectify_by: datetime | None = None

    EXAMPLE = {
        "review_id": "ar-1",
        "year": 2026,
        "subject_kind": "cadre",
        "subject_id": "xl-xf-h1",
        "subject_name": "张三",
        "unit_id": "xl-xf",
        "supervisor_unit_id": "xl-s1",
        "post": "two_committees",
        "grade": "basically_competent",
        "superior_dissatisfied_ratio": 0.1,
        "residents_dissatisfied_ratio": 0.31,
        "procedures": ["resign_or_recall", "rectification"],
        "rectify_by": "2027-01-31T09:00:00+00:00",
    }


class DeliberationStepRecorded(Payload):
    """A step of the six-step deliberation (民主议事决策六步流程) of a matter is recorded and published on the
    notice board: ``step`` opinions | agenda | vote | implementation | supervision | evaluation; a vote
    carries its counts and whether it passed (more than half of the votes cast)."""

    EVENT_TYPE = "deliberation.step_recorded.v1"
    PRODUCER = "evaluation"

    deliberation_id: str
    title: str
    unit_id: str = Field(description="the community deliberating")
    step: Literal["opinions", "agenda", "vote", "implementation", "supervision", "evaluation"]
    step_number: int
    summary: str
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstaining: int | None = None
    adopted: bool | None = None

    EXAMPLE = {
        "deliberation_id": "dl-1",
        "title": "小区公益金使用:更换单元门禁",
        "unit_id": "xl-xf",
        "step": "vote",
        "step_number": 3,
        "summary": "议事会31名成员到会,表决通过",
        "votes_for": 25,
        "votes_against": 4,
        "votes_abstaining": 2,
        "adopted": True,
    }


class BulletinIssued(Payload):
    """The weekly bulletin (每周一通报) of one unit: its own figures for the last Monday-to-Sunday week and
    its rank among its peers (communities within their street, streets and departments within the
    district) by the composite score; ``rank`` is None below the district's minimum sample."""

    EVENT_TYPE = "bulletin.issued.v1"
    PRODUCER = "evaluation"

    unit_id: str
    unit_name: str
    level: Literal["community", "street", "department"]
    week_start: date
    week_end: date
    rank: int | None = None
    peers: int = Field(description="how many units it is ranked among")
    score: float | None = None
    dispatched: int
    rated: int
    response_rate: float | None = Field(default=None, description="responded_on_time / dispatched")
    resolution_rate: float | None = Field(default=None, description="solved / rated")
    satisfaction_rate: float | None = Field(default=None, description="satisfied_or_basic / rated")

    EXAMPLE = {
        "unit_id": "xl-xf",
        "unit_name": "幸福社区",
        "level": "community",
        "week_start": "2026-11-23",
        "week_end": "2026-11-29",
        "rank": 2,
        "peers": 5,
        "score": 91.5,
        "dispatched": 40,
        "rated": 30,
        "response_rate": 0.95,
        "resolution_rate": 0.9,
        "satisfaction_rate": 0.93,
    }
