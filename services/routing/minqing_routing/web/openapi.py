"""Routing's OpenAPI 3 document, written as data: every endpoint, its body and its answers."""
from __future__ import annotations

CASE_ID = {"name": "case_id", "in": "path", "required": True, "schema": {"type": "string"}}
PART_ID = {"name": "part_id", "in": "path", "required": True, "schema": {"type": "string"}}
ERRORS = {code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
          for code, text in (("401", "not signed in, or a bad/expired token"),
                             ("403", "the case is visible but this person may not do that"),
                             ("404", "no such case, or not visible to this person (another unit or district)"),
                             ("409", "the case's state does not allow it"), ("422", "invalid fields"))}
STR = {"type": "string"}


def _obj(required: list[str], **props) -> dict:
    return {"type": "object", "required": required, "properties": props}


def _action(summary: str, body: dict | None = None, params=(CASE_ID,)) -> dict:
    operation = {"summary": summary, "security": [{"bearer": []}], "parameters": list(params),
                 "responses": {"200": {"description": "the case after the action",
                                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionResult"}}}},
                               **ERRORS}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return {"post": operation}


UNIT_TASKS = {"type": "array", "items": _obj(["unit_id", "task"], unit_id=STR, task=STR)}
ACTIONS = {
    "/api/v1/cases/{case_id}/accept": _action("Accept the case (签收)"),
    "/api/v1/cases/{case_id}/return": _action("Return the case as not ours (退单): the dispatcher above re-dispatches; "
                                              "the second return goes up a level", _obj(["reason"], reason=STR)),
    "/api/v1/cases/{case_id}/escalate": _action("Report the case up a level (上报), optionally opening joint handling",
                                                _obj(["reason"], reason=STR, joint_with=UNIT_TASKS)),
    "/api/v1/cases/{case_id}/progress": _action("Record progress (public shows on the tracking page)",
                                                _obj(["note"], note=STR, public={"type": "boolean"})),
    "/api/v1/cases/{case_id}/contact": _action("Record contact with the resident",
                                               _obj(["note"], note=STR, public={"type": "boolean"})),
    "/api/v1/cases/{case_id}/coordination": _action("Attach a coordination-meeting record (协调会)",
                                                    _obj(["decisions"], attendees={"type": "array", "items": STR},
                                                         decisions=STR)),
    "/api/v1/cases/{case_id}/resolve": _action("Resolve with a reply (答复) or close with an explanation (解释); "
                                               "a joint case only when every part is done",
                                               _obj(["reply"], outcome={"enum": ["reply", "explanation"]}, reply=STR)),
    "/api/v1/cases/{case_id}/own": _action("A leader takes ownership of the case (包案)"),
    "/api/v1/cases/{case_id}/dispatch": _action("Dispatch by hand (triage queue, or the coordinator above)",
                                                _obj(["unit_id"], unit_id=STR)),
    "/api/v1/cases/{case_id}/merge": _action("Merge this duplicate into an open case (default: the flagged original)",
                                             _obj([], into_case_id=STR)),
    "/api/v1/cases/{case_id}/joint": _action("Request joint handling (联办会办) with co-handling units",
                                             _obj(["co_handlers", "lead_task"], co_handlers=UNIT_TASKS, lead_task=STR)),
    "/api/v1/cases/{case_id}/parts/{part_id}/accept": _action("A co-handler accepts its part", None, (CASE_ID, PART_ID)),
    "/api/v1/cases/{case_id}/parts/{part_id}/decline": _action("A co-handler declines its part with a reason",
                                                               _obj(["reason"], reason=STR), (CASE_ID, PART_ID)),
    "/api/v1/cases/{case_id}/parts/{part_id}/complete": _action("A co-handler completes its part",
                                                                _obj(["summary"], summary=STR), (CASE_ID, PART_ID)),
    "/api/v1/cases/{case_id}/parts/{part_id}/reassign": _action("The coordinator reassigns a declined part",
                                                                _obj(["unit_id"], unit_id=STR), (CASE_ID, PART_ID)),
    "/api/v1/cases/{case_id}/parts/{part_id}/drop": _action("The coordinator drops a declined part", None,
                                                            (CASE_ID, PART_ID)),
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "Minqing routing", "version": "1.0.0",
             "description": "Dispatch, deadlines, supervision, escalation and joint handling of residents' cases. "
                            "Every endpoint but login needs `Authorization: Bearer <token>`."},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT (EdDSA)"}},
        "schemas": {
            "Error": _obj(["error"], error=_obj(["code", "message", "message_zh"], code=STR, message=STR,
                                                message_zh=STR, fields={"type": "array", "items": {"type": "object"}})),
            "ActionResult": _obj(["case_id", "state"], case_id=STR, ticket=STR, state=STR, unit_id=STR, level=STR,
                                 events={"type": "array", "items": STR}),
            "CaseSummary": {"type": "object", "additionalProperties": True},
        },
    },
    "paths": {
        "/api/v1/auth/login": {"post": {
            "summary": "Sign in: a token every service verifies",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _obj(
                ["district", "person_id", "password"], district=STR, person_id=STR, password=STR)}}},
            "responses": {"200": {"description": "token, type, lifetime and the person"},
                          "401": ERRORS["401"], "422": ERRORS["422"], "503": {"description": "signing not configured"}}}},
        "/api/v1/inbox": {"get": {
            "summary": "The signed-in person's inbox: cases at their unit, their parts, their owned cases",
            "security": [{"bearer": []}],
            "parameters": [_query("state", {"enum": ["dispatched", "accepted", "resolved", "merged"]}, "case state"),
                           _query("overdue", {"type": "boolean"}, "only (or no) overdue cases"),
                           _query("deadline_before", {"type": "string", "format": "date-time"},
                                  "resolution deadline at or before"),
                           _query("below", {"type": "boolean"}, "supervisors, leaders, dispatchers: include units below"),
                           _query("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "at most this many")],
            "responses": {"200": {"description": "cases, soonest deadline first"}, "401": ERRORS["401"]}}},
        "/api/v1/cases/{case_id}": {"get": {
            "summary": "A case with its audit trail (who, when, from state, to state, why) and joint parts",
            "security": [{"bearer": []}], "parameters": [CASE_ID],
            "responses": {"200": {"description": "the case"}, "401": ERRORS["401"], "404": ERRORS["404"]}}},
        **ACTIONS,
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
        "/readyz": {"get": {"summary": "readiness, with calendar warnings", "responses": {
            "200": {"description": "ready"}, "503": {"description": "not ready"}}}},
    },
}
