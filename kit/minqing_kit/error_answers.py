"""The JSON body of every error an API answers (``errors.ApiError``, written by ``web``'s handlers) as a
response model: its schema is the ``Error`` component of every service's document (``apidocs.components``)."""

from __future__ import annotations

from pydantic import Field

from .response_models import ResponseModel


class FieldError(ResponseModel):
    field: str = Field(description="the refused field's path, e.g. contact.phone or attachments[0].ref")
    reason: str
    reason_zh: str


class ErrorDetail(ResponseModel):
    code: str = Field(description="stable, e.g. bad_json, invalid, not_found")
    message: str
    message_zh: str
    fields: list[FieldError] | None = Field(
        None, description="one entry per refused field (422, and 400 for control characters)"
    )
    correlation_id: str | None = Field(
        None, description="an internal error's (500): the request's, as its log lines say"
    )


class Error(ResponseModel):
    error: ErrorDetail
