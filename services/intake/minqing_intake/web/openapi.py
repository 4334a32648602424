"""The OpenAPI 3 description of intake's own API (served at /openapi.json). Open311 keeps its own spec."""
from __future__ import annotations

from ..domain.channels import CHANNELS
from ..domain.submission import ATTACHMENT_TYPES, MAX_CONTENT, MIN_CONTENT

_ERROR = {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message", "message_zh"],
          "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "message_zh": {"type": "string"},
                         "fields": {"type": "array", "items": {"type": "object", "properties": {
                             "field": {"type": "string"}, "reason": {"type": "string"},
                             "reason_zh": {"type": "string"}}}}}}}}
_ERR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _error(description: str) -> dict:
    return {"description": description, **_ERR}


SUBMISSION = {"type": "object", "required": ["district", "content"], "properties": {
    "district": {"type": "string", "example": "xinlin"},
    "channel": {"type": "string", "enum": [c for c in CHANNELS if c != "open311"], "default": "web",
                "description": "staff channels (hotline, grid_visit, messenger, wechat_group, talk_room, "
                               "teahouse, proxy) need a Bearer token; the signed-in person is the first contact"},
    "content": {"type": "string", "minLength": MIN_CONTENT, "maxLength": MAX_CONTENT},
    "category": {"type": "string", "description": "optional; otherwise suggested from the text"},
    "location": {"type": "object", "description": "at least one of address, grid_code, lat+lon", "properties": {
        "address": {"type": "string", "maxLength": 300}, "grid_code": {"type": "string"},
        "lat": {"type": "number"}, "lon": {"type": "number"}}},
    "contact": {"type": "object", "description": "sealed for notify; never shown or logged; not on the echo wall",
                "properties": {"name": {"type": "string"}, "phone": {"type": "string", "pattern": "^1[3-9]\\d{9}$"},
                               "email": {"type": "string"}}},
    "filed_for": {"type": "string", "description": "proxy filing (代办): whom it is filed for"},
    "urgent": {"type": "boolean"},
    "attachments": {"type": "array", "maxItems": 9, "items": {"type": "object", "required": ["ref", "content_type", "size"],
                    "properties": {"ref": {"type": "string"}, "content_type": {"type": "string", "enum": list(ATTACHMENT_TYPES)},
                                   "size": {"type": "integer", "maximum": 20971520}}}},
}}
RECEIPT = {"type": "object", "properties": {k: {"type": "string"} for k in (
    "case_id", "ticket", "status", "received_at", "tracking_secret", "category", "duplicate_of_ticket", "track_url")}}

def _open311(summary: str, method: str = "get", path_params: tuple[str, ...] = ()) -> dict:
    params = [{"name": "response_format", "in": "path", "required": True, "schema": {"type": "string", "enum": ["json", "xml"]}},
              {"name": "jurisdiction_id", "in": "query", "schema": {"type": "string"}, "description": "a district code"}]
    params += [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in path_params]
    return {method: {"summary": f"Open311 GeoReport v2: {summary}", "tags": ["open311"], "parameters": params,
                     "responses": {"200": {"description": "JSON array or XML document, as in the GeoReport v2 spec"},
                                   "400": {"description": "[{code, description}] / <errors>"},
                                   "403": {"description": "missing or invalid api_key (POST)"},
                                   "404": {"description": "jurisdiction_id, service_code or token not found"}}}}


OPEN311_PATHS = {
    "/open311/v2/discovery.{response_format}": _open311("discovery"),
    "/open311/v2/services.{response_format}": _open311("services: the district's categories"),
    "/open311/v2/services/{service_code}.{response_format}": _open311("service definition", path_params=("service_code",)),
    "/open311/v2/requests.{response_format}": {
        **_open311("requests, filtered by service_request_id, service_code, start_date, end_date, status"),
        **_open311("create a request (form-encoded; api_key, service_code, lat/long or address_string or "
                   "address_id, description, first_name, last_name, phone, email)", method="post")},
    "/open311/v2/requests/{service_request_id}.{response_format}": _open311(
        "one request by ticket", path_params=("service_request_id",)),
    "/open311/v2/tokens/{token_id}.{response_format}": _open311("request id from a token", path_params=("token_id",)),
}

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Minqing intake", "version": "1.0.0",
             "description": "Every way in for residents' requests (诉求), ticket numbers (挂牌) and public tracking (公示)."},
    "components": {"schemas": {"Error": _ERROR, "Submission": SUBMISSION, "Receipt": RECEIPT},
                   "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT (EdDSA)"}}},
    "paths": {
        "/api/v1/cases": {"post": {
            "summary": "Submit a request through any channel but Open311",
            "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "minLength": 16},
                            "description": "a retry with the same key and body returns the same receipt"}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Submission"}}}},
            "responses": {"201": {"description": "accepted; the tracking secret is shown here only",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                          "400": _error("not a JSON object"), "401": _error("staff channel without a valid token"),
                          "403": _error("the person may not take this channel in this district"),
                          "413": _error("body over MAX_BODY_BYTES"), "422": _error("invalid fields"),
                          "429": _error("rate limited (see Retry-After)")}}},
        "/api/v1/cases/{ticket}": {"get": {
            "summary": "Track a case: public view, or the full record with the tracking secret",
            "parameters": [{"name": "ticket", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "X-Tracking-Secret", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "status, unit, public steps, reply; never the reporter's contact"},
                          "403": _error("wrong tracking secret"), "404": _error("no such ticket"),
                          "429": _error("rate limited")}}},
        "/api/v1/cases/{ticket}/category": {"put": {
            "summary": "Operator override of the category (emits case.reclassified.v1)", "security": [{"bearer": []}],
            "parameters": [{"name": "ticket", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["category"], "properties": {"category": {"type": "string"}}}}}},
            "responses": {"200": {"description": "the new category"}, "401": _error("no token"),
                          "403": _error("not allowed"), "404": _error("no such ticket"), "422": _error("unknown category")}}},
        **OPEN311_PATHS,
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
        "/readyz": {"get": {"summary": "readiness (database, broker)", "responses": {"200": {"description": "ready"},
                                                                                     "503": {"description": "not ready"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
    },
}
