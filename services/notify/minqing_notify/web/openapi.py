"""The OpenAPI 3 document of notify's HTTP API, served at /openapi.json."""
from __future__ import annotations

_ERROR = {"description": "structured error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_AUTH = [{"bearer": []}]


def _param(name: str, description: str, schema: dict | None = None, where: str = "query", required=False) -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string"}}


DELIVERY = {"type": "object", "properties": {
    "id": {"type": "string"}, "case_id": {"type": "string", "nullable": True},
    "ticket": {"type": "string", "nullable": True}, "event_type": {"type": "string"},
    "source_event_id": {"type": "string"},
    "recipient": {"type": "object", "properties": {
        "kind": {"type": "string", "enum": ["resident", "handler", "supervisor", "unit"]},
        "ref": {"type": "string", "description": "person or unit id, or 'reporter'"},
        "key": {"type": "string"}}},
    "channel": {"type": "string", "enum": ["sms", "email", "wecom", "dingtalk", "inapp"]},
    "template": {"type": "string"}, "title": {"type": "string"},
    "segments": {"type": "integer", "description": "SMS segments the text needs (UCS-2: 70, or 67 each when split)"},
    "status": {"type": "string", "enum": ["pending", "sending", "sent", "failed", "skipped"]},
    "attempts": {"type": "integer"},
    "address": {"type": "string", "nullable": True, "description": "masked, e.g. 138****5678"},
    "created_at": {"type": "string", "format": "date-time"},
    "next_attempt_at": {"type": "string", "format": "date-time", "nullable": True},
    "sent_at": {"type": "string", "format": "date-time", "nullable": True},
    "error": {"type": "string", "nullable": True, "description": "the provider's reason of the last failure"},
    "note": {"type": "string", "nullable": True, "description": "why it waits (quiet hours, rate limit) or was skipped"},
}}
MESSAGE = {"type": "object", "properties": {
    "id": {"type": "integer"}, "case_id": {"type": "string", "nullable": True},
    "ticket": {"type": "string", "nullable": True}, "title": {"type": "string"}, "body": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"}, "read": {"type": "boolean"},
    "read_at": {"type": "string", "format": "date-time", "nullable": True}}}
READ_STATE = {"type": "object", "properties": {"id": {"type": "integer"}, "read": {"type": "boolean"},
                                                "read_at": {"type": "string", "format": "date-time", "nullable": True}}}
_ID = _param("message_id", "inbox message id", {"type": "integer"}, "path", True)


def _ok(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "Minqing notify", "version": "1.0.0",
             "description": "Delivery log and in-app inbox. Every endpoint needs a handler token "
                            "(Authorization: Bearer, Ed25519 JWT signed by routing)."},
    "paths": {
        "/api/v1/deliveries": {"get": {
            "summary": "Delivery log per case or per recipient (addresses masked, bodies never shown)",
            "description": "Overseeing roles (supervisor, dispatcher, admin, leader, hotline_operator) see "
                           "their district; anyone else sees deliveries to themselves or their unit.",
            "security": _AUTH,
            "parameters": [_param("case_id", "the case"), _param("ticket", "the case's ticket number"),
                           _param("recipient", "a person or unit id, or 'reporter'"),
                           _param("status", "pending, sending, sent, failed or skipped"),
                           _param("limit", "1-500, default 100", {"type": "integer"})],
            "responses": {"200": _ok({"type": "object", "properties": {
                "deliveries": {"type": "array", "items": DELIVERY}, "count": {"type": "integer"}}}, "deliveries"),
                "401": _ERROR, "422": _ERROR}}},
        "/api/v1/inbox": {"get": {
            "summary": "The signed-in person's in-app messages, newest first", "security": _AUTH,
            "parameters": [_param("unread", "true: unread only", {"type": "boolean"}),
                           _param("limit", "default 100", {"type": "integer"})],
            "responses": {"200": _ok({"type": "object", "properties": {
                "unread": {"type": "integer"}, "messages": {"type": "array", "items": MESSAGE}}}, "inbox"),
                "401": _ERROR}}},
        "/api/v1/inbox/{message_id}/read": {"post": {
            "summary": "Mark a message read", "security": _AUTH, "parameters": [_ID],
            "responses": {"200": _ok(READ_STATE, "read state"), "401": _ERROR, "404": _ERROR}}},
        "/api/v1/inbox/{message_id}/unread": {"post": {
            "summary": "Mark a message unread", "security": _AUTH, "parameters": [_ID],
            "responses": {"200": _ok(READ_STATE, "read state"), "401": _ERROR, "404": _ERROR}}},
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
        "/readyz": {"get": {"summary": "readiness: database and broker",
                            "responses": {"200": {"description": "ready"}, "503": {"description": "not ready"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
        "/openapi.json": {"get": {"summary": "this document", "responses": {"200": {"description": "OpenAPI 3"}}}},
        "/docs": {"get": {"summary": "a short HTML page about this API", "responses": {"200": {"description": "HTML"}}}},
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "message_zh": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "reason": {"type": "string"}, "reason_zh": {"type": "string"}}}}}}}}},
    },
}
