"""GET /openapi.json (a service's OpenAPI 3 document) and GET /docs, Swagger UI over it (docs_page); and
the pieces every service's document shares: ApiError's body, the standard error responses, parameters
whose strings say what the request guards refuse, and ``finish``, which adds to every JSON API
operation the answers any request may get. Request and response bodies are documented from their models
(``request_models.schemas``, ``response_models.schemas`` and ``returns``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from .docs_page import docs_asset, docs_page

Schema = dict[str, Any]  # a piece of an OpenAPI document

NO_CONTROL = "^[^\\x00-\\x1f\\x7f]*$"  # a path segment or an identifier in the query string
FREE_TEXT_QUERY = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"  # tab, LF and CR may be meant

RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
RESPONSES = {  # status: (component name, description, headers)
    400: (
        "BadRequest",
        "bad_json: the body is not a JSON object, nests too deep or holds a lone surrogate; "
        "control_characters: a control character such as NUL in the URL or a form",
        None,
    ),
    401: ("Unauthorized", "no bearer token, or a bad or expired one", None),
    403: ("Forbidden", "signed in, but this person may not do that", None),
    404: ("NotFound", "no such resource, or not visible to this person", None),
    409: ("Conflict", "the resource's state does not allow it", None),
    413: ("TooLarge", "the body is larger than MAX_BODY_BYTES", None),
    414: ("UriTooLong", "the URL is longer than 8 KiB", None),
    415: ("UnsupportedMediaType", "a body that is not Content-Type: application/json", None),
    422: ("Invalid", "invalid fields, each named in error.fields", None),
    429: ("TooManyRequests", "too many requests: wait Retry-After seconds", RETRY_AFTER),
    431: ("HeaderTooLarge", "a header field is longer than 8 KiB", None),
    503: ("Unavailable", "database_unavailable: the database cannot be reached; retry after Retry-After", RETRY_AFTER),
}
STR: Schema = {"type": "string"}


def obj(required: list[str], **props: Schema) -> Schema:
    """An object schema of these properties, the listed ones required (such as routing's empty body of an
    action that reads none; request and response bodies come from their models)."""
    return {"type": "object", "required": required, "properties": props}


EVERY_REQUEST = (400, 414, 431, 503)
WITH_BODY = (413, 415)
BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT (EdDSA), issued by routing's /api/v1/auth/login"}


def param(
    name: str, where: str, description: str, schema: Schema | None = None, required: bool | None = None
) -> Schema:
    """A path, query or header parameter; by default a string with no control character the request
    guard refuses (400): none in a path, none but tab, LF and CR in a query value."""
    default = {"path": {"pattern": NO_CONTROL}, "query": {"pattern": FREE_TEXT_QUERY}}.get(where, {})
    return {
        "name": name,
        "in": where,
        "required": where == "path" if required is None else required,
        "description": description,
        "schema": schema or {"type": "string", **default},
    }


def errors(*statuses: int) -> Schema:
    return {str(status): {"$ref": f"#/components/responses/{RESPONSES[status][0]}"} for status in statuses}


def ok(schema: Schema | None, description: str = "success", media: str = "application/json") -> Schema:
    return {"description": description, **({"content": {media: {"schema": schema}}} if schema else {})}


def json_body(schema: Schema, required: bool = True) -> Schema:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def components(schemas: Schema | None = None, **more: Any) -> Schema:
    """The shared schemas (the error body's, ``error_answers``) and error responses, the bearer scheme, and
    the service's own ``schemas``."""
    from . import error_answers, response_models  # both import this module

    responses = {
        name: {
            "description": description,
            **({"headers": headers} if headers else {}),
            "content": {"application/json": {"schema": ref("Error")}},
        }
        for name, description, headers in RESPONSES.values()
    }
    return {
        "schemas": {**response_models.schemas(error_answers.Error), **(schemas or {})},
        "responses": responses,
        "securitySchemes": {"bearer": BEARER},
        **more,
    }


def finish(document: Schema, prefixes: tuple[str, ...] = ("/api/",)) -> Schema:
    """Add to every operation under ``prefixes`` the errors any request may get (400 for a control
    character or bad JSON, 414, 431, 503 on a database outage), 413 and 415 where it reads a body,
    401 where it needs a token. Operations keep the responses they list themselves."""
    for path, item in document["paths"].items():
        if not path.startswith(prefixes):
            continue
        for operation in item.values():
            statuses = [
                *EVERY_REQUEST,
                *(WITH_BODY if "requestBody" in operation else ()),
                *((401,) if operation.get("security") else ()),
            ]
            operation["responses"] = {**errors(*statuses), **operation["responses"]}
    return document


def docs_blueprint(document: Schema, note_html: str = "") -> Blueprint:
    """``note_html`` is trusted markup from the service (e.g. a link to Open311)."""
    blueprint = Blueprint("docs", __name__)

    @blueprint.get("/openapi.json")
    def openapi() -> Schema:
        return document

    @blueprint.get("/docs")
    def docs() -> Response:
        return docs_page(document, note_html)

    @blueprint.get("/docs/assets/<filename>")
    def docs_assets(filename: str) -> Response:
        return docs_asset(filename)

    return blueprint
