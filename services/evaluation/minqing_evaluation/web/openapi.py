"""The OpenAPI 3 document of evaluation's API: every endpoint, what it reads and what it answers."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, components, errors, finish, json_body, obj, ok, param, ref
from minqing_kit.request_models import schemas

from ..domain.rates import RATES
from ..domain.visit_rates import DEFINITIONS, LEVELS as VISIT_LEVELS
from ..stats import LEVELS
from . import meetings_openapi
from .bodies import (
    QUARTER,
    Answer,
    PanelMember,
    PanelRating,
    PaperRating,
    ProgressNote,
    Project,
    ProjectRating,
    Review,
    ReviewConclusion,
    ReviewVote,
    StepCompletion,
    Theme,
    ThemeMeasure,
    ThemeTask,
)

INT, RATE = {"type": "integer"}, {"type": "number", "nullable": True}
DAY = {"type": "string", "format": "date", "pattern": "^(19|2[0-9])[0-9]{2}-"}
DATE = {"anyOf": [DAY, {"type": "string", "enum": [""]}], "description": "YYYY-MM-DD, 1900-2999 (empty: not given)"}
COUNTS = {"type": "object", "additionalProperties": INT}
RATES_OF = {"type": "object", "properties": {name: RATE for name in RATES}}
WEIGHTS = {"type": "object", "additionalProperties": {"type": "number"}}


def _op(
    summary: str,
    ok_schema: dict,
    *,
    params=(),
    body: str | None = None,
    status: str = "200",
    secured: bool = False,
    errors_=(404, 422),
) -> dict:
    operation = {
        "summary": summary,
        "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
        "responses": {status: ok(ok_schema), **errors(*errors_, *((403,) if secured else ()))},
    }
    if body:
        operation["requestBody"] = json_body(ref(body))
    if secured:
        operation["security"] = [{"bearer": []}]
    return operation


PARAMETERS = {
    "district": {**param("district", "path", "district code (404 for a district not served)"), "example": "xinlin"},
    "token": param("token", "path", "the single-use token from the follow-up link"),
    "evaluation_id": param("evaluation_id", "path", "evaluation id"),
    "ballot_id": param("ballot_id", "path", "project or review ballot id"),
    "theme_id": param("theme_id", "path", "theme id (每月一题)"),
    "task_id": param("task_id", "path", "a task of the theme"),
    "project_id": param("project_id", "path", "project id (一事一评)"),
    "review_id": param("review_id", "path", "annual review id (双述双评)"),
    "procedure_kind": param(
        "kind",
        "path",
        "a procedure the review's conclusion opened",
        {"type": "string", "enum": ["resign_or_recall", "rectification", "no_bonus_no_renewal"]},
    ),
    "procedure_step": param("step", "path", "a step of that procedure (e.g. rectification_plan)"),
    "year": param("year", "path", "a year", {"type": "integer", "minimum": 2000, "maximum": 2099}),
    "unit_id": param("unit_id", "path", "a unit of the district"),
    "year_query": param(
        "year", "query", "the year (default this year)", {"type": "integer", "minimum": 2000, "maximum": 2099}, False
    ),
    "project_token": param("token", "path", "the single-use token from a household's project rating link"),
    "quarter": {**param("quarter", "path", "quarter", {"type": "string", "pattern": QUARTER}), "example": "2026Q4"},
    "summary_name": {
        **param(
            "name",
            "path",
            "the month, with .json (the default), .csv or .xlsx (404 for another ending)",
            {"type": "string", "pattern": "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])(\\.[^\\x00-\\x1f\\x7f]*)?$"},
        ),
        "example": "2026-11.xlsx",
    },
    "notice": {
        **param(
            "name",
            "path",
            "the quarter, with .json (the default), .csv or .html",
            {"type": "string", "pattern": "^20[0-9]{2}Q[1-4](\\.[^\\x00-\\x1f\\x7f]*)?$"},
        ),
        "example": "2026Q4.csv",
    },
    "kind": param("kind", "path", "the report's rhythm", {"type": "string", "enum": ["daily", "weekly", "monthly"]}),
    "month": param(
        "month",
        "query",
        "YYYY-MM (instead of from/to)",
        {"type": "string", "pattern": "^$|^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"},
        False,
    ),
    "from": param(
        "from", "query", "first local day (inclusive; default 2000-01-01 when only to is given)", DATE, False
    ),
    "to": param("to", "query", "last local day (inclusive; default today); not before from (422)", DATE, False),
    "level": param("level", "query", "unit level", {"type": "string", "enum": list(LEVELS)}, False),
    "parent": param("parent", "query", "street id: rank the communities of that street", None, False),
    "unit": param("unit", "query", "one unit id (404 if the district has no such unit)", None, False),
    "date": param("date", "query", "a day inside the report's period (default today)", DATE, False),
    "delivery": param(
        "delivery",
        "query",
        "sent | failed: whether the rating link reached the resident (anything else: all)",
        None,
        False,
    ),
    "period": param(
        "period", "query", "week or month (default month)", {"type": "string", "enum": ["week", "month"]}, False
    ),
    "bounce_period": param(
        "period",
        "query",
        "day or month (default month): one row per unit and period",
        {"type": "string", "enum": ["day", "month"]},
        False,
    ),
    "week": param(
        "week", "query", "with period=week: a day of the week (Monday to Sunday; default this week)", DATE, False
    ),
    "street": param(
        "street", "query", "a street id: only its grids, communities and people (404 if unknown)", None, False
    ),
    "window": param(
        "window",
        "query",
        "coverage window in days ending on the period's last day (default 30)",
        {"type": "integer", "minimum": 1, "maximum": 366},
        False,
    ),
    "order": param(
        "order",
        "query",
        "size (cases, default), growth (second half minus first half) or spread (grids)",
        {"type": "string", "enum": ["size", "growth", "spread"]},
        False,
    ),
    "days": param(
        "days",
        "query",
        "unvisited for this many local days (default 30)",
        {"type": "integer", "minimum": 1, "maximum": 366},
        False,
    ),
    "street_path": param("street", "path", "a street id of the district (404 if unknown)"),
    "report_format": param(
        "format", "query", "json (default) or csv", {"type": "string", "enum": ["json", "csv"]}, False
    ),
    "visit_level": param(
        "level",
        "query",
        "grid (default), community, street, or person (needs a token of the district)",
        {"type": "string", "enum": list(VISIT_LEVELS)},
        False,
    ),
}
BALLOT = obj(
    ["id", "kind", "status", "counts"],
    id=STR,
    kind={"type": "string", "enum": ["project", "review"]},
    district=STR,
    name=STR,
    subject_id=STR,
    subject_kind=STR,
    year={"type": "integer", "nullable": True},
    status=STR,
    counts=COUNTS,
    ratings=INT,
    min_ratings=INT,
    dissatisfied_ratio={"type": "number"},
    threshold={"type": "number"},
    rectify_by={"type": "string", "format": "date-time", "nullable": True},
)
WHEN = {"type": "string", "format": "date-time", "nullable": True}
ANNUAL_BALLOT = obj(
    ["counts", "ratings", "dissatisfied_ratio", "formula", "denominator"],
    counts=COUNTS,
    ratings=INT,
    dissatisfied_ratio={"type": "number"},
    formula=STR,
    denominator=INT,
)
ANNUAL_REVIEW = obj(
    ["id", "year", "person_id", "status", "ballots", "procedures", "inputs"],
    id=STR,
    district=STR,
    year=INT,
    person_id=STR,
    person_name=STR,
    unit_id=STR,
    post={"type": "string", "enum": ["two_committees", "staff"]},
    status={"type": "string", "enum": ["open", "concluded"]},
    grade={"type": "string", "nullable": True, "enum": ["competent", "basically_competent", "incompetent", None]},
    ballots=obj(["superior", "residents"], superior=ANNUAL_BALLOT, residents=ANNUAL_BALLOT),
    participation=obj(
        ["households", "ratings", "rate", "formula", "denominator"],
        households={"type": "integer", "nullable": True, "description": "households listed (None: not yet)"},
        ratings=INT,
        rate=RATE,
        formula=STR,
        denominator={"type": "integer", "nullable": True},
    ),
    min_ratings=INT,
    threshold={"type": "number"},
    procedures={
        "type": "array",
        "items": obj(
            ["kind", "steps"],
            kind={"type": "string", "enum": ["resign_or_recall", "rectification", "no_bonus_no_renewal"]},
            steps={"type": "array", "items": {"type": "object"}},
            due_at=WHEN,
        ),
    },
    inputs=obj(
        ["cases_resolved", "visits", "unit_three_party"],
        cases_resolved=INT,
        visits=INT,
        unit_three_party={"type": "object"},
    ),
)
UNIT_YEAR = obj(
    ["unit_id", "year", "quarters", "annual_satisfaction", "formula", "denominator"],
    unit_id=STR,
    year=INT,
    quarters={"type": "array", "items": {"type": "object"}},
    annual_satisfaction=RATE,
    formula=STR,
    denominator=INT,
)
PROJECT_ROUND = obj(
    ["round", "status", "ratings", "counts", "result"],
    round=INT,
    status={"type": "string", "enum": ["listing", "open", "passed", "rectifying", "rectified"]},
    households={"type": "integer", "nullable": True, "description": "invited households, once intake listed them"},
    ratings=INT,
    counts=COUNTS,
    links_expire_at=STR,
    closed_at=WHEN,
    result={
        **obj(
            ["dissatisfied_ratio", "formula", "denominator", "rectification_required"],
            dissatisfied_ratio={"type": "number"},
            formula=STR,
            denominator=INT,
            rectification_required={"type": "boolean"},
        ),
        "nullable": True,
    },
    rectify_by=WHEN,
    rectified_at=WHEN,
    rectification_note=OPT_STR,
    overdue={"type": "boolean"},
)
PROJECT = obj(
    ["id", "name", "rounds", "min_ratings"],
    id=STR,
    district=STR,
    unit_id=STR,
    name=STR,
    plan=OPT_STR,
    funds_yuan={"type": "integer", "nullable": True},
    progress={"type": "array", "items": obj(["note"], note=STR, recorded_at=STR)},
    current_round=INT,
    min_ratings=INT,
    threshold={"type": "number"},
    rounds={"type": "array", "items": PROJECT_ROUND},
)
THEME = obj(
    ["id", "title", "status", "tasks", "measures", "linked_cases", "effect"],
    id=STR,
    district=STR,
    title=STR,
    problem=STR,
    category=STR,
    category_name=STR,
    area=STR,
    area_name=STR,
    keywords={"type": "array", "items": STR},
    lead_unit_id=STR,
    lead_unit_name=STR,
    co_units={"type": "array", "items": obj(["unit_id"], unit_id=STR, unit_name=STR)},
    status={"type": "string", "enum": ["open", "closed"]},
    opened_on=STR,
    source=OPT_STR,
    tasks={
        "type": "array",
        "items": obj(
            ["id", "status", "due_at"],
            id=STR,
            description=STR,
            unit_id=STR,
            unit_name=STR,
            due_at=STR,
            status={"type": "string", "enum": ["open", "done"]},
            overdue={"type": "boolean"},
            done_at=OPT_STR,
        ),
    },
    measures={"type": "array", "items": obj(["kind", "text"], kind=STR, text=STR, adopted_on=STR)},
    linked_cases=INT,
    effect=obj(
        ["formula", "estimate"],
        formula=STR,
        weeks_before=INT,
        weeks=INT,
        estimate={"type": "object", "nullable": True},
        **{"from": STR},
        treated={"type": "array", "items": {"type": "number"}},
        control_mean={"type": "array", "items": {"type": "number"}},
        controls={"type": "array", "items": obj(["area"], area=STR, name=STR)},
    ),
)
RATE_PARTS = obj(["value", "numerator", "denominator"], value=RATE, numerator=INT, denominator=INT)
SUMMARY = obj(
    ["district", "month", "rows", "themes", "definitions"],
    district=STR,
    month=STR,
    **{"from": STR, "to": STR},
    rows={
        "type": "array",
        "items": obj(
            ["level", "unit_id", "rates"],
            level={"type": "string", "enum": ["district", "street", "community"]},
            unit_id=STR,
            name=STR,
            parent=OPT_STR,
            received={"type": "integer", "nullable": True},
            dispatched=INT,
            rates={"type": "object", "additionalProperties": RATE_PARTS},
        ),
    },
    themes={"type": "array", "items": {"type": "object"}},
    definitions={"type": "object", "additionalProperties": STR},
)
SCHEMAS = {
    **schemas(Theme, ThemeTask, ThemeMeasure),
    "ThemeView": THEME,
    "ProjectView": PROJECT,
    **schemas(ProgressNote, PaperRating, ProjectRating),
    "AnnualReview": ANNUAL_REVIEW,
    **schemas(ReviewVote, ReviewConclusion, StepCompletion, PanelMember),
    **schemas(Answer, Project, Review, PanelRating),
    "Ballot": BALLOT,
    "Answered": obj(
        ["evaluation_id", "ticket", "status", "next"],
        evaluation_id=STR,
        ticket=STR,
        status=STR,
        next={"type": "string", "enum": ["close", "reopen"]},
        reopen_count=INT,
    ),
}
UNIT_RATES = obj(
    ["unit_id", "rates"],
    unit_id=STR,
    unit_name=STR,
    level=STR,
    parent=OPT_STR,
    counts=COUNTS,
    rates=RATES_OF,
    score=RATE,
)
SECONDS = {"type": "integer", "nullable": True, "description": "seconds from the dispatch to 签收"}
RANK_ROW = obj(
    ["unit_id", "status"],
    rank={"type": "integer", "nullable": True},
    unit_id=STR,
    unit_name=STR,
    status={"type": "string", "enum": ["ranked", "too_few_cases"]},
    score=RATE,
    sample=INT,
    rates=RATES_OF,
    bounces=obj(
        ["received", "returns", "bounce_rate", "accept_p50", "accept_p90", "rulings"],
        received=INT,
        returns=INT,
        bounce_rate=RATE,
        accept_p50=SECONDS,
        accept_p90=SECONDS,
        rulings=INT,
    ),
)
BOUNCE_FIGURES = dict(  # a unit's bounce figures (domain/bounces.py UnitPeriod) over a period
    received=INT,
    returns=INT,
    bounce_rate=RATE,
    returns_by_reason=COUNTS,
    rulings=INT,
    accepted_timed=INT,
    accept_p50=SECONDS,
    accept_p90=SECONDS,
)
BOUNCES = obj(
    ["district", "period", "formula", "rows"],
    district=STR,
    period={"type": "string", "enum": ["day", "month"]},
    formula={"type": "object", "additionalProperties": STR},
    rows={
        "type": "array",
        "items": obj(
            ["unit_id", "period", "received", "returns", "bounce_rate", "rulings", "accepted_timed"],
            unit_id=STR,
            unit_name=STR,
            period=DAY,
            **BOUNCE_FIGURES,
        ),
    },
    **{"from": STR, "to": STR},
)
UNIT_ASSESSMENT = obj(
    ["district", "unit_id", "year", "min_sample", "three_party", "rates", "score_status", "bounces"],
    district=STR,
    unit_id=STR,
    unit_name=STR,
    level=STR,
    year=INT,
    min_sample=INT,
    three_party=UNIT_YEAR,
    rates={
        "type": "array",
        "items": obj(
            ["name", "value", "status", "numerator", "denominator", "formula"],
            name={"type": "string", "enum": list(RATES)},
            value={**RATE, "description": "None when the denominator is below min_sample (样本不足)"},
            status={"type": "string", "enum": ["measured", "too_few_cases"]},
            numerator=INT,
            denominator=INT,
            formula=STR,
            higher_is_better={"type": "boolean"},
        ),
    },
    score={**RATE, "description": "composite score, None below min_sample rated follow-ups"},
    score_status={"type": "string", "enum": ["ranked", "too_few_cases"]},
    bounces=obj(
        ["received", "returns", "bounce_rate", "rulings", "formula"],
        **BOUNCE_FIGURES,
        formula={"type": "object", "additionalProperties": STR},
    ),
    annual_reviews={
        "type": "array",
        "items": obj(["id", "person_name", "status"], id=STR, person_name=STR, post=STR, status=STR, grade=OPT_STR),
    },
    projects={"type": "array", "items": obj(["id", "name"], id=STR, name=STR, status=OPT_STR)},
)
REPORT = obj(
    ["district", "kind", "from", "to"],
    district=STR,
    kind=STR,
    **{"from": STR, "to": STR},
    received=INT,
    by_category=COUNTS,
    by_channel=COUNTS,
    by_type={**COUNTS, "description": "诉求类型 (consultation, help, complaint, suggestion, praise): requests of each"},
    dispatched_by_level=COUNTS,
    counts=COUNTS,
    rates=RATES_OF,
    owned=obj(
        ["cases", "counts", "rates", "formulas"],
        cases={**INT, "description": "包案 cases: a leader took them (counted on that day)"},
        counts=COUNTS,
        rates=RATES_OF,
        formulas={"type": "object", "additionalProperties": STR},
    ),
    overdue={"type": "array", "items": {"type": "object"}},
)
NOTICE = obj(
    ["district", "quarter", "items"],
    district=STR,
    quarter=STR,
    items={
        "type": "array",
        "items": obj(
            ["ticket"],
            ticket=STR,
            category=OPT_STR,
            unit_id=OPT_STR,
            unit_name=OPT_STR,
            outcome=OPT_STR,
            measures=OPT_STR,
            result=OPT_STR,
            resident_rating=OPT_STR,
            closed_at=STR,
        ),
    },
)
PARTY = obj(["counts"], counts=COUNTS, satisfaction=RATE)
PANEL = obj(
    ["district", "quarter", "units"],
    district=STR,
    quarter=STR,
    units={
        "type": "array",
        "items": obj(
            ["unit_id", "parties"],
            unit_id=STR,
            combined_satisfaction=RATE,
            parties={"type": "object", "additionalProperties": PARTY},
        ),
    },
)
FOLLOWUP = obj(
    ["evaluation_id", "status"],
    evaluation_id=STR,
    case_id=STR,
    ticket=STR,
    unit_id=OPT_STR,
    status=STR,
    expires_at=STR,
    solved={"type": "boolean", "nullable": True},
    satisfaction=OPT_STR,
    via=OPT_STR,
    delivery=OPT_STR,
    delivery_note=OPT_STR,
)
FRACTION = obj(["value", "numerator", "denominator"], value=RATE, numerator=INT, denominator=INT)
FRACTIONS = ("entry_rate", "coverage", "awareness_rate")
VISIT_ROW = obj(
    ["subject", *(k for k in DEFINITIONS if k != "coverage")],
    subject=STR,
    name=OPT_STR,
    **{k: (FRACTION if k in FRACTIONS else INT) for k in DEFINITIONS},
)
DUTY_FLAG = obj(
    ["person", "role", "duty", "had", "needed"],
    person=STR,
    role=STR,
    duty=STR,
    had=INT,
    needed=INT,
    week=STR,
    month=STR,
)
VISIT_RATES = obj(
    ["district", "period", "level", "from", "to", "definitions", "rates"],
    district=STR,
    period=STR,
    level=STR,
    definitions={"type": "object", "additionalProperties": STR},
    rates={"type": "array", "items": VISIT_ROW},
    below_duty={"type": "array", "items": DUTY_FLAG},
    street=OPT_STR,
    coverage_window=obj(["days", "from"], days=INT, **{"from": STR}),
    **{"from": STR, "to": STR},
)
UNVISITED = obj(
    ["district", "days", "since", "grids"],
    district=STR,
    days=INT,
    since=STR,
    grids={
        "type": "array",
        "items": obj(
            ["grid_code", "households", "last_visit"],
            grid_code=STR,
            name=OPT_STR,
            community_id=OPT_STR,
            street_id=OPT_STR,
            households=INT,
            last_visit=OPT_STR,
            days_since_visit={"type": "integer", "nullable": True},
        ),
    },
)
CATEGORY_COUNT = obj(["category", "cases"], category=STR, cases=INT)
REPORT_ROW = obj(
    ["id", "households", "households_visited", "entry_rate", "top_categories"],
    id=STR,
    name=OPT_STR,
    households=INT,
    entry_rate=FRACTION,
    top_categories={"type": "array", "items": CATEGORY_COUNT},
    **{k: INT for k in ("households_visited", "opinions", "resolved_on_the_spot", "cases_filed")},
    **{k: INT for k in ("cases_resolved", "cases_satisfied")},
)
GRID_REPORT = obj(
    ["district", "month", "street", "communities"],
    district=STR,
    month=STR,
    street=REPORT_ROW,
    communities={"type": "array", "items": REPORT_ROW},
    definitions={"type": "object", "additionalProperties": STR},
)
RANGE = ("month", "from", "to")
PROBLEM = obj(
    ["category", "street", "size", "growth", "spread", "top_words", "grids", "sample_tickets"],
    category=STR,
    category_name=STR,
    street=STR,
    street_name=STR,
    size=INT,
    growth=INT,
    spread=INT,
    top_words={"type": "array", "items": STR},
    grids={"type": "array", "items": obj(["grid_code", "cases"], grid_code=STR, grid_name=STR, cases=INT)},
    sample_tickets={"type": "array", "items": STR},
)
RECURRING = obj(
    ["district", "order", "method", "computed_at", "problems"],
    district=STR,
    order=STR,
    method=STR,
    computed_at=STR,
    problems={"type": "array", "items": PROBLEM},
    **{"from": STR, "to": STR},
)
PROXY_FOLLOWUP = obj(
    ["evaluation_id", "ticket", "expires_at", "consent"],
    evaluation_id=STR,
    ticket=STR,
    unit_id=STR,
    expires_at=STR,
    consent=obj(["how", "given_at"], how=STR, given_at=STR, note=OPT_STR),
)
PATHS = {
    "/api/v1/evaluations/{token}": {
        "post": _op(
            "Resident answers the follow-up (once, own case only)",
            ref("Answered"),
            params=("token",),
            body="Answer",
            status="201",
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/hotline/evaluations/{evaluation_id}": {
        "post": _op(
            "Hotline operator records an answer taken by phone",
            ref("Answered"),
            params=("evaluation_id",),
            body="Answer",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/proxy/evaluations": {
        "get": _op(
            "Open follow-ups of the cases the signed-in person acts for (代理), each with the resident's consent",
            obj(["items"], items={"type": "array", "items": PROXY_FOLLOWUP}),
            secured=True,
            errors_=(),
        )
    },
    "/api/v1/proxy/evaluations/{evaluation_id}": {
        "post": _op(
            "The resident's proxy records the resident's answer (only the case's proxy, until the resident took the "
            "case back; case.rated.v1 carries the proxy and the consent)",
            ref("Answered"),
            params=("evaluation_id",),
            body="Answer",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/districts/{district}/evaluations": {
        "get": _op(
            "Follow-ups of the district, newest first (per-case data: hotline operators, supervisors, leaders, admins "
            "of that district)",
            obj(["items"], items={"type": "array", "items": FOLLOWUP}),
            params=("district", "delivery"),
            secured=True,
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/rates": {
        "get": _op(
            "Rates and composite score per unit",
            obj(
                ["district", "units"],
                district=STR,
                weights=WEIGHTS,
                units={"type": "array", "items": UNIT_RATES},
                **{"from": STR, "to": STR},
            ),
            params=("district", *RANGE, "level", "unit"),
        )
    },
    "/api/v1/districts/{district}/rankings": {
        "get": _op(
            "Ranking of peer units with the minimum sample",
            obj(
                ["district", "level", "rows"],
                district=STR,
                level=STR,
                parent=OPT_STR,
                min_sample=INT,
                weights=WEIGHTS,
                rows={"type": "array", "items": RANK_ROW},
                **{"from": STR, "to": STR},
            ),
            params=("district", *RANGE, "level", "parent"),
        )
    },
    "/api/v1/districts/{district}/bounces": {
        "get": _op(
            "Bounce accounting (推诿) per unit and day or month: returns over dispatches received, time to accept "
            "(p50/p90 seconds), rulings (审定) against the unit; formulas and denominators included",
            BOUNCES,
            params=("district", *RANGE, "bounce_period", "unit"),
        )
    },
    "/api/v1/districts/{district}/visit-rates": {
        "get": {
            **_op(
                "Grid visit figures (走访, 入户率) per grid, community, street or person for a week or month; "
                "for people also who is below their visit duty",
                VISIT_RATES,
                params=("district", "period", "month", "week", "visit_level", "street", "window"),
                errors_=(401, 403, 404, 422),
            ),
            "security": [{}, {"bearer": []}],
        }
    },
    "/api/v1/districts/{district}/unvisited-grids": {
        "get": _op(
            "Grids nobody visited for 30 days (or ?days=), never visited first: the supervisors' oversight list",
            UNVISITED,
            params=("district", "days"),
        )
    },
    "/api/v1/districts/{district}/grid-reports/{street}": {
        "get": {
            **_op(
                "The month's 民情信息 report of a street and its communities (JSON, or CSV with a BOM)",
                GRID_REPORT,
                params=("district", "street_path", "month", "report_format"),
            ),
            "responses": {
                "200": {
                    "description": "the street's and each community's figures for the month",
                    "content": {"application/json": {"schema": GRID_REPORT}, "text/csv": {"schema": STR}},
                },
                **errors(404, 422),
            },
        }
    },
    "/api/v1/districts/{district}/recurring-problems": {
        "get": _op(
            "Recurring problems of the month (default this month): cases of one street and category sharing an "
            "over-represented term, ranked, with their top words, grids and sample tickets (as the scheduler "
            "last computed them, hourly for the current month: computed_at)",
            RECURRING,
            params=("district", "month", "order"),
        )
    },
    "/api/v1/districts/{district}/reports/{kind}": {
        "get": _op("Daily, weekly or monthly report", REPORT, params=("district", "kind", "date"))
    },
    "/api/v1/districts/{district}/notices/{name}": {
        "get": {
            **_op(
                "Public notice of a quarter: JSON, CSV (with a BOM) or an HTML page",
                NOTICE,
                params=("district", "notice"),
            ),
            "responses": {
                "200": {
                    "description": "the closed matters of the quarter",
                    "content": {
                        "application/json": {"schema": NOTICE},
                        "text/csv": {"schema": STR},
                        "text/html": {"schema": STR},
                    },
                },
                **errors(404, 422),
            },
        }
    },
    "/api/v1/districts/{district}/panel-ratings": {
        "post": _op(
            "Three-party rating of a matter closed in the quarter (community and street handlers, leaders, admins)",
            obj(["case_id", "quarter", "party", "rating"], case_id=STR, quarter=STR, party=STR, rating=STR),
            params=("district",),
            body="PanelRating",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/districts/{district}/panel-ratings/{quarter}": {
        "get": _op("Three-party ratings per unit: each party apart and combined", PANEL, params=("district", "quarter"))
    },
    "/api/v1/projects": {
        "post": _op(
            "Open a public project (一事一评) with its plan, funds and affected households (admins, leaders)",
            ref("ProjectView"),
            body="Project",
            status="201",
            secured=True,
            errors_=(422,),
        )
    },
    "/api/v1/projects/{project_id}": {
        "get": _op(
            "A project as published: plan, funds, progress, each round's ratings towards the minimum, its result "
            "(not satisfied / ratings) and denominator",
            ref("ProjectView"),
            params=("project_id",),
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/projects": {
        "get": _op(
            "The district's projects, newest first",
            obj(["district", "projects"], district=STR, projects={"type": "array", "items": ref("ProjectView")}),
            params=("district",),
            errors_=(404,),
        )
    },
    "/api/v1/projects/{project_id}/progress": {
        "post": _op(
            "Record a step of the project's progress (staff of the district)",
            ref("ProjectView"),
            params=("project_id",),
            body="ProgressNote",
            status="201",
            secured=True,
        )
    },
    "/api/v1/projects/{project_id}/rating": {
        "post": _op(
            "Open the first round of rating: intake lists the affected households, each gets a single-use link "
            "(admins, leaders)",
            ref("ProjectView"),
            params=("project_id",),
            status="201",
            secured=True,
            errors_=(404, 409),
        )
    },
    "/api/v1/projects/{project_id}/paper-ratings": {
        "post": _op(
            "Enter a household's paper ballot collected by the supervisory board (监事会); the entering person is "
            "recorded; one rating per household and round (409)",
            obj(["project_id", "round", "rating", "via"], project_id=STR, round=INT, rating=STR, via=STR),
            params=("project_id",),
            body="PaperRating",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/projects/{project_id}/close": {
        "post": _op(
            "Close the current round with its result; refused (409) below the district's minimum of ratings",
            ref("ProjectView"),
            params=("project_id",),
            secured=True,
            errors_=(404, 409),
        )
    },
    "/api/v1/projects/{project_id}/rectification": {
        "post": _op(
            "Report the rectification done: the next round of rating opens (staff of the district)",
            ref("ProjectView"),
            params=("project_id",),
            body="ProgressNote",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/project-ratings/{token}": {
        "get": _op(
            "The project a household's link is for, and whether the household has rated",
            obj(["project", "round", "rated"], project=ref("ProjectView"), round=INT, rated={"type": "boolean"}),
            params=("project_token",),
            errors_=(404,),
        ),
        "post": _op(
            "A household rates the project by its single-use link (once per round; 409 after, or once expired)",
            obj(["project_id", "round", "rating", "via"], project_id=STR, round=INT, rating=STR, via=STR),
            params=("project_token",),
            body="ProjectRating",
            status="201",
            errors_=(404, 409, 422),
        ),
    },
    "/api/v1/reviews": {
        "post": _op(
            "Open a person's annual review (双述双评) for a year, two committees member or staff of a community "
            "(admins, leaders; 422 for a person whose unit is not a community); intake then lists the "
            "community's households, the voters of the residents' ballot",
            ref("AnnualReview"),
            body="Review",
            status="201",
            secured=True,
            errors_=(409, 422),
        )
    },
    "/api/v1/reviews/{review_id}": {
        "get": _op(
            "An annual review: both ballots (formula, denominator), grade, procedures, and its inputs (the "
            "person's resolved cases and visits of the year, the unit's three-party quarters)",
            ref("AnnualReview"),
            params=("review_id",),
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/reviews/{year}": {
        "get": _op(
            "The district's annual reviews of a year",
            obj(
                ["district", "year", "reviews"],
                district=STR,
                year=INT,
                reviews={"type": "array", "items": ref("AnnualReview")},
            ),
            params=("district", "year"),
            errors_=(404, 422),
        )
    },
    "/api/v1/reviews/{review_id}/votes": {
        "post": _op(
            "A vote on one ballot: the superior organisation's raters (leader, admin, street handler, supervisor) "
            "as themselves, residents' paper ballots by household (board: community handler, leader, admin), "
            "only for a household intake listed in the community (422; 409 before intake has listed them); "
            "one vote per voter and ballot (409)",
            obj(["review_id", "ballot", "rating"], review_id=STR, ballot=STR, rating=STR),
            params=("review_id",),
            body="ReviewVote",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/reviews/{review_id}/conclusion": {
        "post": _op(
            "Conclude with the grade: opens the procedures its consequences call for and tells the person and "
            "their community's supervisor (admins, leaders); 409 below the minimum of ratings on a ballot",
            ref("AnnualReview"),
            params=("review_id",),
            body="ReviewConclusion",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/reviews/{review_id}/procedures/{kind}/steps/{step}/completion": {
        "post": _op(
            "Mark a step of a procedure the conclusion opened done (admins, leaders, supervisors), in the "
            "steps' order: 404 for a procedure or step the review lacks, 409 for a step done or out of order",
            ref("AnnualReview"),
            params=("review_id", "procedure_kind", "procedure_step"),
            body="StepCompletion",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/districts/{district}/panels/{quarter}/members": {
        "post": _op(
            "Name a member of the quarter's three-party panel (三方评事) by party (community and street "
            "handlers, leaders, admins of the district)",
            obj(["id", "quarter", "party", "name"], id=STR, quarter=STR, party=STR, name=STR),
            params=("district", "quarter"),
            body="PanelMember",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/districts/{district}/panels/{quarter}": {
        "get": _op(
            "The quarter's panel, its members by party",
            obj(["district", "quarter", "parties"], district=STR, quarter=STR, parties={"type": "object"}),
            params=("district", "quarter"),
        )
    },
    "/api/v1/districts/{district}/units/{unit_id}/panel-year/{year}": {
        "get": _op(
            "A unit's four quarters of three-party review as they feed its annual assessment",
            UNIT_YEAR,
            params=("district", "unit_id", "year"),
        )
    },
    "/api/v1/districts/{district}/units/{unit_id}/assessment": {
        "get": _op(
            "A unit's annual assessment (its board page's figures): the year's three-party quarters, its rates "
            "with formula and denominator (none below the district's min_sample), bounce figures, its annual "
            "reviews of the year and its projects; 404 for a unit the district lacks",
            UNIT_ASSESSMENT,
            params=("district", "unit_id", "year_query"),
        )
    },
    "/api/v1/ballots/{ballot_id}": {
        "get": _op(
            "A ballot of before (free-text voter; read only): counts, status, verdict",
            ref("Ballot"),
            params=("ballot_id",),
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/monthly-summaries/{name}": {
        "get": {
            **_op(
                "The monthly summary (每月一总结): the three rates of the district, its streets and communities with "
                "numerators and denominators, and the themes; JSON, CSV (with a BOM) or XLSX",
                SUMMARY,
                params=("district", "summary_name"),
            ),
            "responses": {
                "200": {
                    "description": "the month's summary",
                    "content": {
                        "application/json": {"schema": SUMMARY},
                        "text/csv": {"schema": STR},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                    },
                },
                **errors(404, 422),
            },
        }
    },
    "/api/v1/districts/{district}/themes": {
        "post": _op(
            "Open a theme (每月一题) on a recurring problem, with lead unit, co-units and tasks (supervisors, "
            "leaders, admins of the district)",
            ref("ThemeView"),
            params=("district",),
            body="Theme",
            status="201",
            secured=True,
        ),
        "get": _op(
            "The district's themes, newest first",
            obj(["district", "themes"], district=STR, themes={"type": "array", "items": {"type": "object"}}),
            params=("district",),
            errors_=(404,),
        ),
    },
    "/api/v1/themes/{theme_id}": {
        "get": _op(
            "A theme: tasks, measures, linked cases (counted) and its effect (difference in differences)",
            ref("ThemeView"),
            params=("theme_id",),
            errors_=(404,),
        )
    },
    "/api/v1/themes/{theme_id}/tasks": {
        "post": _op(
            "Add a task with its owner unit and deadline in working days",
            ref("ThemeView"),
            params=("theme_id",),
            body="ThemeTask",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/themes/{theme_id}/tasks/{task_id}/done": {
        "post": _op(
            "Report a task done (its owner unit, or a supervisor)",
            ref("ThemeView"),
            params=("theme_id", "task_id"),
            secured=True,
            errors_=(404, 409),
        )
    },
    "/api/v1/themes/{theme_id}/measures": {
        "post": _op(
            "Record a policy or measure the theme adopted",
            ref("ThemeView"),
            params=("theme_id",),
            body="ThemeMeasure",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/themes/{theme_id}/close": {
        "post": _op(
            "Close the theme (结题); its effect stays public",
            ref("ThemeView"),
            params=("theme_id",),
            secured=True,
            errors_=(404, 409),
        )
    },
}
SPEC = finish(
    {
        "openapi": "3.0.3",
        "info": {
            "title": "Minqing evaluation",
            "version": "1.0.0",
            "description": "Follow-up ratings (回访), the three rates and rankings, project rating (一事一评), "
            "annual review (双述双评), three-party review (三方评事), public notice (公示), reports. "
            "Rates, rankings, reports and notices are public; per-case data needs a token of the "
            "same district.",
        },
        "components": components(
            {**SCHEMAS, **meetings_openapi.SCHEMAS}, parameters={**PARAMETERS, **meetings_openapi.PARAMETERS}
        ),
        "paths": {**PATHS, **meetings_openapi.paths(_op)},
    }
)
