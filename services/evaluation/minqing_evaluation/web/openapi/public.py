"""A district's public notices (公示), three-party review (三方评事: ratings, panels) and a unit's year and
annual assessment (``public_api``)."""

from __future__ import annotations

from minqing_kit.apidocs import STR, errors, param, ref
from minqing_kit.request_models import schemas

from ..answers.public import (
    PanelMemberNamed,
    PanelOfQuarter,
    PanelRated,
    PanelResults,
    PublicNotice,
    UnitAssessment,
    UnitYear,
)
from ..bodies import QUARTER, PanelMember, PanelRating
from .common import YEAR, op

PARAMETERS = {
    "quarter": {**param("quarter", "path", "quarter", {"type": "string", "pattern": QUARTER}), "example": "2026Q4"},
    "notice": {
        **param(
            "name",
            "path",
            "the quarter, with .json (the default), .csv or .html",
            {"type": "string", "pattern": "^20[0-9]{2}Q[1-4](\\.[^\\x00-\\x1f\\x7f]*)?$"},
        ),
        "example": "2026Q4.csv",
    },
    "unit_id": param("unit_id", "path", "a unit of the district"),
    "year_query": param("year", "query", "the year (default this year)", YEAR, False),
}
SCHEMAS = schemas(PanelMember, PanelRating)
PATHS = {
    "/api/v1/districts/{district}/notices/{name}": {
        "get": {
            **op(
                "Public notice of a quarter: JSON, CSV (with a BOM) or an HTML page",
                PublicNotice,
                params=("district", "notice"),
            ),
            "responses": {
                "200": {
                    "description": "the closed matters of the quarter",
                    "content": {
                        "application/json": {"schema": ref("PublicNotice")},
                        "text/csv": {"schema": STR},
                        "text/html": {"schema": STR},
                    },
                },
                **errors(404, 422),
            },
        }
    },
    "/api/v1/districts/{district}/panel-ratings": {
        "post": op(
            "Three-party rating of a matter closed in the quarter (community and street handlers, leaders, admins)",
            PanelRated,
            params=("district",),
            body="PanelRating",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/districts/{district}/panel-ratings/{quarter}": {
        "get": op(
            "Three-party ratings per unit: each party apart and combined", PanelResults, params=("district", "quarter")
        )
    },
    "/api/v1/districts/{district}/panels/{quarter}/members": {
        "post": op(
            "Name a member of the quarter's three-party panel (三方评事) by party (community and street "
            "handlers, leaders, admins of the district)",
            PanelMemberNamed,
            params=("district", "quarter"),
            body="PanelMember",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/districts/{district}/panels/{quarter}": {
        "get": op(
            "The quarter's panel, its members by party",
            PanelOfQuarter,
            params=("district", "quarter"),
        )
    },
    "/api/v1/districts/{district}/units/{unit_id}/panel-year/{year}": {
        "get": op(
            "A unit's four quarters of three-party review as they feed its annual assessment",
            UnitYear,
            params=("district", "unit_id", "year"),
        )
    },
    "/api/v1/districts/{district}/units/{unit_id}/assessment": {
        "get": op(
            "A unit's annual assessment (its board page's figures): the year's three-party quarters, its rates "
            "with formula and denominator (none below the district's min_sample), bounce figures, its annual "
            "reviews of the year and its projects; 404 for a unit the district lacks",
            UnitAssessment,
            params=("district", "unit_id", "year_query"),
        )
    },
}
