"""What several parts of evaluation's OpenAPI document share: ``op`` (an operation answered by a response
model of ``web/answers``), the query's date schema, and the parameters more than one resource takes."""

from __future__ import annotations

from pydantic import BaseModel

from minqing_kit.apidocs import errors, json_body, param, ref
from minqing_kit.response_models import returns

DAY = {"type": "string", "format": "date", "pattern": "^(19|2[0-9])[0-9]{2}-"}
DATE = {"anyOf": [DAY, {"type": "string", "enum": [""]}], "description": "YYYY-MM-DD, 1900-2999 (empty: not given)"}
CHANGE_ERRORS = (403, 404, 409, 422)  # a change by someone who may not, of nothing, out of turn, or invalid


def op(
    summary: str,
    answers: type[BaseModel],
    *,
    params=(),
    body: str | None = None,
    status: str = "200",
    secured: bool = False,
    errors_=(404, 422),
) -> dict:
    """An operation: its parameters named from the components, what it answers (a response model of
    ``web/answers``), its errors (403 too where a token is needed)."""
    answered = returns(answers)
    operation = {
        "summary": summary,
        "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
        "responses": {status: answered, **errors(*errors_, *((403,) if secured else ()))},
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
