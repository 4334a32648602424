"""Intake's own OpenAPI 3 description of GeoReport v2 (served at /open311/v2/openapi.json), written from
the specification's text: its six methods and discovery, each in .json and .xml, with the errors the
text lists ("Possible Errors": 400, 404, and 403 for a missing or bad api_key) in its `errors` format.

Where the text leaves a choice, this describes what intake does: every service has one optional attribute,
the request type (诉求类型, a singlevaluelist; metadata is true), which a POST gives as
attribute[request_type] and no read returns (the specification's requests carry no attributes), a POST
answers with the service_request_id (a ticket) and never a token, an unknown service_request_id is 404,
and a request's description is its category (the public never reads a resident's own text: it names
buildings, flats and people), its status_notes the redacted reply."""

from __future__ import annotations

from minqing_contracts.request_types import REQUEST_TYPE_LABELS

from ..domain.submission import MAX_CONTENT, MIN_CONTENT

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
ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
STAMP = {"type": "string", "format": "date-time"}
ATTRIBUTE = {
    "type": "object",
    "required": ["variable", "code", "datatype", "required"],
    "properties": {
        "variable": {"type": "boolean"},
        "code": {"type": "string"},
        "datatype": {
            "type": "string",
            "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
        },
        "required": {"type": "boolean"},
        "datatype_description": {"type": "string"},
        "order": {"type": "integer", "minimum": 1},
        "description": {"type": "string"},
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name"],
                "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
            },
        },
    },
}

SCHEMAS = {
    "Errors": ERRORS,
    "Discovery": {
        "type": "object",
        "required": ["changeset", "contact", "key_service", "endpoints"],
        "properties": {
            "changeset": STAMP,
            "contact": {"type": "string"},
            "key_service": {"type": "string"},
            "endpoints": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["specification", "url", "changeset", "type", "formats"],
                    "properties": {
                        "specification": {"type": "string"},
                        "url": {"type": "string"},
                        "changeset": STAMP,
                        "type": {"type": "string", "enum": ["production", "test"]},
                        "formats": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "Services": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_code", "service_name", "metadata", "type"],
            "properties": {
                "service_code": {"type": "string"},
                "service_name": {"type": "string"},
                "description": {"type": "string"},
                "metadata": {"type": "boolean"},
                "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
                "keywords": {"type": "string"},
                "group": {"type": "string"},
            },
        },
    },
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {
            "service_code": {"type": "string"},
            "attributes": {"type": "array", "items": ATTRIBUTE},
        },
    },
    "Created": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["service_request_id"],
            "not": {"required": ["token"]},
            "properties": {"service_request_id": {"type": "string"}, "service_notice": {"type": "string"}},
        },
    },
    "ServiceRequests": {
        "type": "array",
        "items": {
            "type": "object",
            "required": [
                "service_request_id",
                "status",
                "service_code",
                "service_name",
                "requested_datetime",
                "updated_datetime",
            ],
            "properties": {
                "service_request_id": {"type": "string"},
                "status": {"type": "string", "enum": ["open", "closed"]},
                "status_notes": {"type": "string", "description": "the reply, redacted"},
                "service_code": {"type": "string"},
                "service_name": {"type": "string"},
                "description": {"type": "string", "description": "the category: never the resident's text"},
                "agency_responsible": {"type": "string"},
                "requested_datetime": STAMP,
                "updated_datetime": STAMP,
                "address_id": {"type": "string", "description": "the grid (网格); never the exact address"},
            },
        },
    },
    "Token": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_request_id", "token"],
            "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
        },
    },
}


def _responses(ok: str, schema: str, errors: dict[str, str]) -> dict:
    def body(ref: str) -> dict:
        return {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}},
            "text/xml": {"schema": {"type": "string", "description": "the same document in XML"}},
        }

    found = {"200": {"description": ok, "content": body(schema)}}
    found.update({code: {"description": why, "content": body("Errors")} for code, why in errors.items()})
    return found


GENERAL = {"400": "bad input, a response format other than json or xml, or a general service error"}
NOT_FOUND = "jurisdiction_id not found"


def _get(summary: str, ok: str, schema: str, errors: dict[str, str], *params: dict) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [FORMAT, JURISDICTION, *params],
            "responses": _responses(ok, schema, {**GENERAL, **errors}),
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
            "responses": _responses("the discovery document", "Discovery", GENERAL),
        }
    },
    "/services.{response_format}": _get(
        "GET Service List", "the district's categories", "Services", {"404": NOT_FOUND}
    ),
    "/services/{service_code}.{response_format}": _get(
        "GET Service Definition",
        "its one attribute: the request type (诉求类型), optional",
        "ServiceDefinition",
        {"404": "service_code or jurisdiction_id not found"},
        _param("service_code", "path", {**NAME, "description": "a service_code"}, required=True),
    ),
    "/requests.{response_format}": {
        **_get(
            "GET Service Requests (at most 90 days and 1,000 requests)",
            "public views of requests",
            "ServiceRequests",
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
                "Created",
                {**GENERAL, "403": "missing or invalid api_key", "404": "service_code or jurisdiction_id not found"},
            ),
        },
    },
    "/requests/{service_request_id}.{response_format}": _get(
        "GET Service Request",
        "the request's public view",
        "ServiceRequests",
        {"404": "service_request_id or jurisdiction_id not found"},
        _param("service_request_id", "path", {**NAME, "description": "a ticket"}, required=True),
    ),
    "/tokens/{token_id}.{response_format}": _get(
        "GET service_request_id from a token (intake hands out no tokens)",
        "the request's id",
        "Token",
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
        "components": {"schemas": SCHEMAS},
    }
