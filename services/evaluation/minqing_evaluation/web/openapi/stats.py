"""Rates, rankings, bounces, reports and recurring problems of a district (``stats_api``)."""

from __future__ import annotations

from minqing_kit.apidocs import param

from ...stats import LEVELS
from ..answers.stats import Bounces, DistrictRates, Ranking, RecurringProblems, Report
from .common import DATE, op

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
PATHS = {
    "/api/v1/districts/{district}/rates": {
        "get": op(
            "Rates and composite score per unit",
            DistrictRates,
            params=("district", *RANGE, "level", "unit"),
        )
    },
    "/api/v1/districts/{district}/rankings": {
        "get": op(
            "Ranking of peer units with the minimum sample",
            Ranking,
            params=("district", *RANGE, "level", "parent"),
        )
    },
    "/api/v1/districts/{district}/bounces": {
        "get": op(
            "Bounce accounting (推诿) per unit and day or month: returns over dispatches received, time to accept "
            "(p50/p90 seconds), rulings (审定) against the unit; formulas and denominators included",
            Bounces,
            params=("district", *RANGE, "bounce_period", "unit"),
        )
    },
    "/api/v1/districts/{district}/recurring-problems": {
        "get": op(
            "Recurring problems of the month (default this month): cases of one street and category sharing an "
            "over-represented term, ranked, with their top words, grids and sample tickets (as the scheduler "
            "last computed them, hourly for the current month: computed_at)",
            RecurringProblems,
            params=("district", "month", "order"),
        )
    },
    "/api/v1/districts/{district}/reports/{kind}": {
        "get": op("Daily, weekly or monthly report", Report, params=("district", "kind", "date"))
    },
}
