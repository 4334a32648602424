"""Grid work (``visits_api``): visit figures (走访, 入户率), unvisited grids and a street's monthly 民情信息
report."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, errors, obj, param

from ...domain.visit_rates import DEFINITIONS, LEVELS as VISIT_LEVELS
from .common import DATE, FRACTION, INT, op

PARAMETERS = {
    "period": param(
        "period", "query", "week or month (default month)", {"type": "string", "enum": ["week", "month"]}, False
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
SCHEMAS: dict = {}
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
PATHS = {
    "/api/v1/districts/{district}/visit-rates": {
        "get": {
            **op(
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
        "get": op(
            "Grids nobody visited for 30 days (or ?days=), never visited first: the supervisors' oversight list",
            UNVISITED,
            params=("district", "days"),
        )
    },
    "/api/v1/districts/{district}/grid-reports/{street}": {
        "get": {
            **op(
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
}
