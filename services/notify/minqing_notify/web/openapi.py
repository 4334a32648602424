"""The OpenAPI 3 document of notify's HTTP API, served at /openapi.json."""

from __future__ import annotations

from minqing_kit.apidocs import components, errors, finish, param
from minqing_kit.probe_answers import probe_paths
from minqing_kit.response_models import returns, schemas

from ..queries import MAX_LIMIT, STATUSES
from .answers import ANSWERS, Contact, DeliveryLog, Inbox, ReadState

_AUTH = [{"bearer": []}]
MAX_ID = 2**63 - 1  # PostgreSQL's bigint: a larger id names no message (404)

LIMIT = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 100}
_ID = {
    **param(
        "message_id",
        "path",
        f"inbox message id (1 to {MAX_ID}; anything else names no message: 404)",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    ),
    "example": 1,
}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return param(name, "query", description, schema, required=False)


def _mark(summary: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "security": _AUTH,
            "parameters": [_ID],
            "responses": {"200": returns(ReadState, "read state"), **errors(404)},
        }
    }


DOCUMENT = finish(
    {
        "openapi": "3.0.3",
        "info": {
            "title": "Minqing notify",
            "version": "1.0.0",
            "description": "Delivery log and in-app inbox. Every endpoint needs a handler token "
            "(Authorization: Bearer, Ed25519 JWT signed by routing).",
        },
        "paths": {
            "/api/v1/deliveries": {
                "get": {
                    "summary": "Delivery log per case or per recipient (addresses masked, bodies never shown)",
                    "description": "Give case_id, ticket or recipient (else 422). Overseeing roles (supervisor, "
                    "dispatcher, admin, leader, hotline_operator) see their district; anyone else sees "
                    "deliveries to themselves or their unit.",
                    "security": _AUTH,
                    "parameters": [
                        {**_query("case_id", "the case"), "example": "c-1"},
                        _query("ticket", "the case's ticket number"),
                        _query("recipient", "a person or unit id, or 'reporter'"),
                        _query(
                            "status",
                            "only deliveries in this state (empty: any)",
                            {"type": "string", "enum": ["", *STATUSES]},
                        ),
                        _query("limit", f"at most this many (1-{MAX_LIMIT})", LIMIT),
                    ],
                    "responses": {
                        "200": returns(DeliveryLog, "deliveries"),
                        **errors(422),
                    },
                }
            },
            "/api/v1/inbox": {
                "get": {
                    "summary": "The signed-in person's in-app messages, newest first",
                    "security": _AUTH,
                    "parameters": [
                        _query("unread", "true, 1 or yes (any letter case): unread only; anything else: all"),
                        _query("limit", f"at most this many (1-{MAX_LIMIT})", LIMIT),
                    ],
                    "responses": {
                        "200": returns(Inbox, "inbox"),
                        **errors(422),
                    },
                }
            },
            "/api/v1/cases/{case_id}/contact": {
                "get": {
                    "summary": "A case's resident contact, masked or clear as routing's contact grant says",
                    "description": "The complainant firewall: routing grants (X-Contact-Grant, an EdDSA JWT for "
                    "this person and case, one minute) after checking access and auditing a reveal.",
                    "security": _AUTH,
                    "parameters": [
                        {**param("case_id", "path", "the case"), "example": "c-1"},
                        param("X-Contact-Grant", "header", "routing's contact grant", required=True),
                    ],
                    "responses": {"200": returns(Contact, "the contact"), **errors(403, 404)},
                }
            },
            "/api/v1/inbox/{message_id}/read": _mark("Mark a message read"),
            "/api/v1/inbox/{message_id}/unread": _mark("Mark a message unread"),
            **probe_paths(),
            "/openapi.json": {"get": {"summary": "this document", "responses": {"200": {"description": "OpenAPI 3"}}}},
            "/docs": {
                "get": {"summary": "a short HTML page about this API", "responses": {"200": {"description": "HTML"}}}
            },
        },
        "components": components(schemas(*ANSWERS)),
    }
)
