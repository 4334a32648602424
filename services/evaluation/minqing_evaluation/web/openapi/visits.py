"""Grid work (``visits_api``): visit figures (走访, 入户率), unvisited grids and a street's monthly 民情信息
report."""

from __future__ import annotations

from minqing_kit.apidocs import STR, errors, param, ref

from ...domain.visit_rates import LEVELS as VISIT_LEVELS
from ..answers.visits import GridReport, UnvisitedGrids, VisitRates
from .common import DATE, op

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
PATHS = {
    "/api/v1/districts/{district}/visit-rates": {
        "get": {
            **op(
                "Grid visit figures (走访, 入户率) per grid, community, street or person for a week or month; "
                "for people also who is below their visit duty",
                VisitRates,
                params=("district", "period", "month", "week", "visit_level", "street", "window"),
                errors_=(401, 403, 404, 422),
            ),
            "security": [{}, {"bearer": []}],
        }
    },
    "/api/v1/districts/{district}/unvisited-grids": {
        "get": op(
            "Grids nobody visited for 30 days (or ?days=), never visited first: the supervisors' oversight list",
            UnvisitedGrids,
            params=("district", "days"),
        )
    },
    "/api/v1/districts/{district}/grid-reports/{street}": {
        "get": {
            **op(
                "The month's 民情信息 report of a street and its communities (JSON, or CSV with a BOM)",
                GridReport,
                params=("district", "street_path", "month", "report_format"),
            ),
            "responses": {
                "200": {
                    "description": "the street's and each community's figures for the month",
                    "content": {"application/json": {"schema": ref("GridReport")}, "text/csv": {"schema": STR}},
                },
                **errors(404, 422),
            },
        }
    },
}
