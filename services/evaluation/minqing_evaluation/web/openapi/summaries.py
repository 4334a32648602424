"""The monthly summary (每月一总结, ``summary_api``): JSON, CSV or XLSX."""

from __future__ import annotations

from minqing_kit.apidocs import STR, errors, param, ref

from ..answers.summaries import MonthlySummary
from .common import op

PARAMETERS = {
    "summary_name": {
        **param(
            "name",
            "path",
            "the month, with .json (the default), .csv or .xlsx (404 for another ending)",
            {"type": "string", "pattern": "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])(\\.[^\\x00-\\x1f\\x7f]*)?$"},
        ),
        "example": "2026-11.xlsx",
    },
}
SCHEMAS: dict = {}
PATHS = {
    "/api/v1/districts/{district}/monthly-summaries/{name}": {
        "get": {
            **op(
                "The monthly summary (每月一总结): the three rates of the district, its streets and communities with "
                "numerators and denominators, and the themes; JSON, CSV (with a BOM) or XLSX",
                MonthlySummary,
                params=("district", "summary_name"),
            ),
            "responses": {
                "200": {
                    "description": "the month's summary",
                    "content": {
                        "application/json": {"schema": ref("MonthlySummary")},
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
}
