"""Rates, rankings, bounces, reports and recurring problems of a district (``stats_api``)."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, obj, param

from ...domain.rates import RATES
from ...stats import LEVELS
from .common import COUNTS, DATE, DAY, INT, RATE, op

RANGE = ("month", "from", "to")
PARAMETERS = {
    "from": param(
        "from", "query", "first local day (inclusive; default 2000-01-01 when only to is given)", DATE, False
    ),
    "to": param("to", "query", "last local day (inclusive; default today); not before from (422)", DATE, False),
    "unit": param("unit", "query", "one unit id (404 if the district has no such unit)", None, False),
    "kind": param("kind", "path", "the report's rhythm", {"type": "string", "enum": ["daily", "weekly", "monthly"]}),
    "level": param("level", "query", "unit level", {"type": "string", "enum": list(LEVELS)}, False),
    "parent": param("parent", "query", "street id: rank the communities of that street", None, False),
    "date": param("date", "query", "a day inside the report's period (default today)", DATE, False),
    "bounce_period": param(
        "period",
        "query",
        "day or month (default month): one row per unit and period",
        {"type": "string", "enum": ["day", "month"]},
        False,
    ),
    "order": param(
        "order",
        "query",
        "size (cases, default), growth (second half minus first half) or spread (grids)",
        {"type": "string", "enum": ["size", "growth", "spread"]},
        False,
    ),
}
SCHEMAS: dict = {}
RATES_OF = {"type": "object", "properties": {name: RATE for name in RATES}}
WEIGHTS = {"type": "object", "additionalProperties": {"type": "number"}}
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
PATHS = {
    "/api/v1/districts/{district}/rates": {
        "get": op(
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
        "get": op(
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
        "get": op(
            "Bounce accounting (推诿) per unit and day or month: returns over dispatches received, time to accept "
            "(p50/p90 seconds), rulings (审定) against the unit; formulas and denominators included",
            BOUNCES,
            params=("district", *RANGE, "bounce_period", "unit"),
        )
    },
    "/api/v1/districts/{district}/recurring-problems": {
        "get": op(
            "Recurring problems of the month (default this month): cases of one street and category sharing an "
            "over-represented term, ranked, with their top words, grids and sample tickets (as the scheduler "
            "last computed them, hourly for the current month: computed_at)",
            RECURRING,
            params=("district", "month", "order"),
        )
    },
    "/api/v1/districts/{district}/reports/{kind}": {
        "get": op("Daily, weekly or monthly report", REPORT, params=("district", "kind", "date"))
    },
}
