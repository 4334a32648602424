"""JSON response bodies as pydantic models, for every service (each in its ``web/answers.py``, beside the
request models of ``web/bodies.py``). A view answers through its model, ``answer(Model, data)``: ``data``
(a dict, or an object with the attributes) is validated as the model and written as JSON, so the model is
the one description of the body. The document's response components are the models' schemas as they
serialize (``schemas``: OpenAPI 3.0's ``nullable``, ``$defs`` in the components, as for request bodies),
and an operation names its model with ``returns(Model, description)``.

What ``data`` holds that the model does not name is left out of the answer; a field the model gives a
default and ``data`` leaves out is left out too (not required in the schema), so an optional field is
absent rather than null unless the view sets it. ``Instant`` is a date-time written as the view's ISO
8601 string or a datetime's ``isoformat()``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

from . import request_models
from .apidocs import Schema, ok, ref

if TYPE_CHECKING:
    from flask import Response


class ResponseModel(BaseModel):
    """A JSON response body; fields read from a dict's keys or an object's attributes."""

    model_config = ConfigDict(extra="ignore", from_attributes=True)


def _iso(value: datetime | str) -> str:
    return value.isoformat() if isinstance(value, datetime) else value


Instant = Annotated[
    datetime | str,
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def answer(model: type[BaseModel], data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """``data`` as ``model``, a JSON response (a ``model`` instance is written as it is)."""
    from flask import Response  # Flask only where a request is answered

    body = model.model_validate(data).model_dump_json(exclude_unset=True)
    return Response(body, status, headers, mimetype="application/json")


def schemas(*models: type[BaseModel]) -> dict[str, Schema]:
    """Each response model's schema under its name, and the models it uses, for ``components.schemas``."""
    return request_models.schemas(*models, mode="serialization")


def returns(model: type[BaseModel], description: str = "success", media: str = "application/json") -> Schema:
    """An operation's JSON response whose body is ``model`` (listed in ``schemas``); ``media``: another JSON
    type the view sets, such as application/geo+json."""
    return ok(ref(model.__name__), description, media)
