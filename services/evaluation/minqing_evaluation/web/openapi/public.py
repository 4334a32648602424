"""A district's public notices (公示), three-party review (三方评事: ratings, panels) and a unit's year and
annual assessment (``public_api``)."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, errors, obj, param
from minqing_kit.request_models import schemas

from ...domain.rates import RATES
from ..bodies import QUARTER, PanelMember, PanelRating
from .common import COUNTS, INT, RATE, YEAR, op
from .stats import BOUNCE_FIGURES

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
UNIT_YEAR = obj(
    ["unit_id", "year", "quarters", "annual_satisfaction", "formula", "denominator"],
    unit_id=STR,
    year=INT,
    quarters={"type": "array", "items": {"type": "object"}},
    annual_satisfaction=RATE,
    formula=STR,
    denominator=INT,
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
PATHS = {
    "/api/v1/districts/{district}/notices/{name}": {
        "get": {
            **op(
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
        "post": op(
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
        "get": op("Three-party ratings per unit: each party apart and combined", PANEL, params=("district", "quarter"))
    },
    "/api/v1/districts/{district}/panels/{quarter}/members": {
        "post": op(
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
        "get": op(
            "The quarter's panel, its members by party",
            obj(["district", "quarter", "parties"], district=STR, quarter=STR, parties={"type": "object"}),
            params=("district", "quarter"),
        )
    },
    "/api/v1/districts/{district}/units/{unit_id}/panel-year/{year}": {
        "get": op(
            "A unit's four quarters of three-party review as they feed its annual assessment",
            UNIT_YEAR,
            params=("district", "unit_id", "year"),
        )
    },
    "/api/v1/districts/{district}/units/{unit_id}/assessment": {
        "get": op(
            "A unit's annual assessment (its board page's figures): the year's three-party quarters, its rates "
            "with formula and denominator (none below the district's min_sample), bounce figures, its annual "
            "reviews of the year and its projects; 404 for a unit the district lacks",
            UNIT_ASSESSMENT,
            params=("district", "unit_id", "year_query"),
        )
    },
}
