"""Intake's own OpenAPI 3 description of GeoReport v2 (served at /open311/v2/openapi.json), written from
the specification's text: its six methods and discovery, each in .json and .xml, with the errors the
text lists ("Possible Errors": 400, 404, and 403 for a missing or bad api_key) in its `errors` format;
the documents' schemas are their models' (``answers``).

Where the text leaves a choice, this describes what intake does: every service has one optional attribute,
the request type (诉求类型, a singlevaluelist; metadata is true), which a POST gives as
attribute[request_type] and no read returns (the specification's requests carry no attributes), a POST
answers with the service_request_id (a ticket) and never a token, an unknown service_request_id is 404,
and a request's description is its category (the public never reads a resident's own text: it names
buildings, flats and people), its status_notes the redacted reply."""

from __future__ import annotations

from pydantic import BaseModel

from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.response_models import schemas

from ..domain.submission import MAX_CONTENT, MIN_CONTENT
from . import answers

# Control characters are refused in any value (tab, LF and CR only in the query and the body): PostgreSQL
# cannot store NUL, and no name holds one.
TEXT = {"type": "string", "pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"}
NAME = {"type": "string", "minLength": 1, "pattern": "^[^\\x00-\\x1f\\x7f]*$"}
W3C_DATE_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z",
}
STATUS_LIST = {
    "type": "string",
    "pattern": "^((open|closed)(,(open|closed))*)?$",
    "description": "open, closed, or both comma delimited",
}


def _text(description: str, **more) -> dict:
    return {**TEXT, "description": description, **more}


def _param(name: str, where: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema}


FORMAT = _param("response_format", "path", {"type": "string", "enum": ["json", "xml"]}, required=True)
JURISDICTION = _param(
    "jurisdiction_id",
    "query",
    _text("a district code; only needed where the endpoint serves several (default: OPEN311_DEFAULT_JURISDICTION)"),
)


def _responses(ok: str, model: type[BaseModel], errors: dict[str, str]) -> dict:
    def body(model: type[BaseModel]) -> dict:
        return {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}},
            "text/xml": {"schema": {"type": "string", "description": "the same document in XML"}},
        }

    found = {"200": {"description": ok, "content": body(model)}}
    found.update({code: {"description": why, "content": body(answers.Errors)} for code, why in errors.items()})
    return found


GENERAL = {"400": "bad input, a response format other than json or xml, or a general service error"}
NOT_FOUND = "jurisdiction_id not found"


def _get(summary: str, ok: str, model: type[BaseModel], errors: dict[str, str], *params: dict) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [FORMAT, JURISDICTION, *params],
            "responses": _responses(ok, model, {**GENERAL, **errors}),
        }
    }


POST_FIELDS = {
    "api_key": _text("the key of a registered client (minqing-intake add-open311-client)"),
    "jurisdiction_id": JURISDICTION["schema"],
    "service_code": _text("from GET services", minLength=1),
    "lat": {"type": "number", "description": "WGS84 latitude; with long, one way to give the location"},
    "long": {"type": "number", "description": "WGS84 longitude"},
    "address_string": _text("the address, most specific first", maxLength=300),
    "address_id": _text("a grid code (网格) of the district"),
    "email": _text("the reporter's e-mail: sealed for notify, never shown"),
    "device_id": _text("ignored"),
    "account_id": _text("ignored"),
    "media_url": _text("ignored"),
    "first_name": _text("sealed with the contact"),
    "last_name": _text("sealed with the contact"),
    "phone": _text("a mainland mobile number; sealed for notify, never shown"),
    "attribute[request_type]": {
        "type": "string",
        "enum": list(REQUEST_TYPE_LABELS),
        "description": "诉求类型 (the service definition's one attribute), optional: "
        + ", ".join(f"{code} {label}" for code, label in REQUEST_TYPE_LABELS.items()),
    },
    "description": _text(
        "the request, free text (the specification limits it to 4,000 characters)",
        minLength=MIN_CONTENT,
        maxLength=MAX_CONTENT,
    ),
}

PATHS = {
    "/discovery.{response_format}": {
        "get": {
            "summary": "Service discovery: this endpoint, once per format",
            "parameters": [FORMAT],
            "responses": _responses("the discovery document", answers.Discovery, GENERAL),
        }
    },
    "/services.{response_format}": _get(
        "GET Service List", "the district's categories", answers.Services, {"404": NOT_FOUND}
    ),
    "/services/{service_code}.{response_format}": _get(
        "GET Service Definition",
        "its one attribute: the request type (诉求类型), optional",
        answers.ServiceDefinition,
        {"404": "service_code or jurisdiction_id not found"},
        _param("service_code", "path", {**NAME, "description": "a service_code"}, required=True),
    ),
    "/requests.{response_format}": {
        **_get(
            "GET Service Requests (at most 90 days and 1,000 requests)",
            "public views of requests",
            answers.ServiceRequests,
            {"404": NOT_FOUND},
            _param("service_request_id", "query", _text("tickets, comma delimited; overrides every other filter")),
            _param("service_code", "query", _text("one service_code")),
            _param("start_date", "query", W3C_DATE_TIME),
            _param("end_date", "query", W3C_DATE_TIME),
            _param("status", "query", STATUS_LIST),
        ),
        "post": {
            "summary": "POST Service Request",
            "parameters": [FORMAT],
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {"type": "object", "required": ["api_key", "service_code"], "properties": POST_FIELDS}
                    }
                },
            },
            "responses": _responses(
                "the ticket as service_request_id, and a notice",
                answers.Created,
                {**GENERAL, "403": "missing or invalid api_key", "404": "service_code or jurisdiction_id not found"},
            ),
        },
    },
    "/requests/{service_request_id}.{response_format}": _get(
        "GET Service Request",
        "the request's public view",
        answers.ServiceRequests,
        {"404": "service_request_id or jurisdiction_id not found"},
        _param("service_request_id", "path", {**NAME, "description": "a ticket"}, required=True),
    ),
    "/tokens/{token_id}.{response_format}": _get(
        "GET service_request_id from a token (intake hands out no tokens)",
        "the request's id",
        answers.Token,
        {"404": "token or jurisdiction_id not found"},
        _param("token_id", "path", {**NAME, "description": "a token"}, required=True),
    ),
}


def document(server_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Minqing intake: Open311 GeoReport v2", "version": "2"},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": schemas(*answers.ANSWERS)},
    }
