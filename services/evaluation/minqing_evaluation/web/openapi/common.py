"""What several parts of evaluation's OpenAPI document share: ``op`` (an operation), the small schemas of
counts, rates and days, and the parameters more than one resource takes."""

from __future__ import annotations

from minqing_kit.apidocs import errors, json_body, obj, ok, param, ref

INT, RATE, BOOL = {"type": "integer"}, {"type": "number", "nullable": True}, {"type": "boolean"}
ARRAY = {"type": "array", "items": {"type": "object"}}
DAY = {"type": "string", "format": "date", "pattern": "^(19|2[0-9])[0-9]{2}-"}
DATE = {"anyOf": [DAY, {"type": "string", "enum": [""]}], "description": "YYYY-MM-DD, 1900-2999 (empty: not given)"}
COUNTS = {"type": "object", "additionalProperties": INT}
WHEN = {"type": "string", "format": "date-time", "nullable": True}
FRACTION = obj(["value", "numerator", "denominator"], value=RATE, numerator=INT, denominator=INT)
CHANGE_ERRORS = (403, 404, 409, 422)  # a change by someone who may not, of nothing, out of turn, or invalid


def op(
    summary: str,
    ok_schema: dict,
    *,
    params=(),
    body: str | None = None,
    status: str = "200",
    secured: bool = False,
    errors_=(404, 422),
) -> dict:
    """An operation: its parameters named from the components, its answer, its errors (403 too where a
    token is needed)."""
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


YEAR = {"type": "integer", "minimum": 2000, "maximum": 2099}
PARAMETERS = {
    "district": {**param("district", "path", "district code (404 for a district not served)"), "example": "xinlin"},
    "year": param("year", "path", "a year", YEAR),
    "month": param(
        "month",
        "query",
        "YYYY-MM (instead of from/to)",
        {"type": "string", "pattern": "^$|^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"},
        False,
    ),
}
