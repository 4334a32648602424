"""The OpenAPI 3 document of evaluation's API."""
from __future__ import annotations


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _op(summary: str, *, params=(), body=None, ok="200", secured=False, errors=(404, 422)) -> dict:
    operation = {"summary": summary, "parameters": [_ref_param(p) for p in params],
                 "responses": {ok: {"description": "success", "content": {"application/json": {"schema": {
                     "type": "object"}}}}, **{str(e): {"description": "error", "content": {"application/json": {
                         "schema": _ref("Error")}}} for e in (*errors, *((401, 403) if secured else ()))}}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    if secured:
        operation["security"] = [{"bearer": []}]
    return operation


def _ref_param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _param(name: str, where: str, description: str, required: bool | None = None) -> dict:
    return {"name": name, "in": where, "required": where == "path" if required is None else required,
            "description": description, "schema": {"type": "string"}}


_RATING = {"type": "string", "enum": ["satisfied", "basically_satisfied", "not_satisfied"]}
_RANGE = ("month", "from", "to")
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Minqing evaluation", "version": "1.0.0",
             "description": "Follow-up ratings (回访), the three rates and rankings, project rating (一事一评), "
                            "annual review (双述双评), three-party review (三方评事), public notice (公示), reports. "
                            "Rates, rankings, reports and notices are public; per-case data needs a token of the "
                            "same district."},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT (EdDSA)"}},
        "parameters": {
            "district": _param("district", "path", "district code, e.g. xinlin"),
            "token": _param("token", "path", "the single-use token from the follow-up link"),
            "evaluation_id": _param("evaluation_id", "path", "evaluation id"),
            "ballot_id": _param("ballot_id", "path", "project or review ballot id"),
            "quarter": _param("quarter", "path", "quarter, e.g. 2026Q4"),
            "notice": _param("name", "path", "quarter with format: 2026Q4, 2026Q4.csv or 2026Q4.html"),
            "kind": _param("kind", "path", "daily | weekly | monthly"),
            "month": _param("month", "query", "YYYY-MM (instead of from/to)"),
            "from": _param("from", "query", "first local day YYYY-MM-DD (inclusive)"),
            "to": _param("to", "query", "last local day YYYY-MM-DD (inclusive)"),
            "level": _param("level", "query", "community | street | department (| district for rates)"),
            "parent": _param("parent", "query", "street id: rank the communities of that street"),
            "unit": _param("unit", "query", "one unit id"),
            "date": _param("date", "query", "a day inside the report's period (default today)"),
        },
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}, "message_zh": {"type": "string"},
                "fields": {"type": "array", "items": {"type": "object", "properties": {
                    "field": {"type": "string"}, "reason": {"type": "string"}, "reason_zh": {"type": "string"}}}}}}}},
            "Answer": {"type": "object", "required": ["solved", "satisfaction"], "properties": {
                "solved": {"type": "boolean"}, "satisfaction": _RATING, "comment": {"type": "string", "maxLength": 2000},
                "ticket": {"type": "string", "description": "optional; must be the token's case"}}},
            "Project": {"type": "object", "required": ["name", "unit_id"], "properties": {
                "name": {"type": "string"}, "unit_id": {"type": "string"}, "description": {"type": "string"}}},
            "Review": {"type": "object", "required": ["name", "subject_kind", "subject_id", "year"], "properties": {
                "name": {"type": "string"}, "subject_kind": {"type": "string", "enum": ["unit", "cadre"]},
                "subject_id": {"type": "string"}, "year": {"type": "integer"}}},
            "BallotRating": {"type": "object", "required": ["voter", "rating"], "properties": {
                "voter": {"type": "string", "description": "household or ballot number; stored only as a hash"},
                "rating": _RATING}},
            "PanelRating": {"type": "object", "required": ["case_id", "quarter", "party", "rating"], "properties": {
                "case_id": {"type": "string"}, "quarter": {"type": "string"},
                "party": {"type": "string", "enum": ["community", "party_rep", "resident_rep"]},
                "rating": _RATING, "measures": {"type": "string"}}},
        },
    },
    "paths": {
        "/api/v1/evaluations/{token}": {"post": _op("Resident answers the follow-up (once, own case only)",
                                                    params=("token",), body="Answer", ok="201",
                                                    errors=(404, 409, 422))},
        "/api/v1/hotline/evaluations/{evaluation_id}": {"post": _op(
            "Hotline operator records an answer taken by phone", params=("evaluation_id",), body="Answer",
            ok="201", secured=True, errors=(404, 409, 422))},
        "/api/v1/districts/{district}/evaluations": {"get": _op("Follow-ups of the district (per-case data)",
                                                                params=("district",), secured=True)},
        "/api/v1/districts/{district}/rates": {"get": _op("Rates and composite score per unit",
                                                          params=("district", *_RANGE, "level", "unit"))},
        "/api/v1/districts/{district}/rankings": {"get": _op("Ranking of peer units with the minimum sample",
                                                             params=("district", *_RANGE, "level", "parent"))},
        "/api/v1/districts/{district}/reports/{kind}": {"get": _op("Daily, weekly or monthly report",
                                                                   params=("district", "kind", "date"))},
        "/api/v1/districts/{district}/notices/{name}": {"get": _op("Public notice of a quarter (JSON, CSV, HTML)",
                                                                   params=("district", "notice"))},
        "/api/v1/districts/{district}/panel-ratings": {"post": _op("Three-party rating of a closed matter",
                                                                   params=("district",), body="PanelRating",
                                                                   ok="201", secured=True, errors=(409, 422))},
        "/api/v1/districts/{district}/panel-ratings/{quarter}": {"get": _op(
            "Three-party ratings per unit: each party apart and combined", params=("district", "quarter"))},
        "/api/v1/projects": {"post": _op("Open a public project for rating (一事一评)", body="Project", ok="201",
                                         secured=True, errors=(422,))},
        "/api/v1/reviews": {"post": _op("Open the annual review of a unit or cadre (双述双评)", body="Review",
                                        ok="201", secured=True, errors=(422,))},
        "/api/v1/ballots/{ballot_id}": {"get": _op("A project or review: counts, status, verdict",
                                                   params=("ballot_id",))},
        "/api/v1/ballots/{ballot_id}/ratings": {"post": _op("Rate a project or review (one vote per voter)",
                                                            params=("ballot_id",), body="BallotRating", ok="201",
                                                            errors=(404, 409, 422))},
    },
}
