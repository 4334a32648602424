"""Routing's OpenAPI 3 document, written as data: every endpoint, its body and its answers."""

from __future__ import annotations

from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.apidocs import OPT_STR, STR, components, errors, finish, json_body, obj, ok, param, ref
from minqing_kit.request_models import schemas

from ..domain.resident_contact import CALLBACK_HOURS, PER_DAY
from .bodies import MODELS

CASE = {**param("case_id", "path", "the case: its id (UUID) or its ticket number"), "example": "XL-20261201-000001"}
PART = param("part_id", "path", "the joint part's id")
TIME = {"type": "string", "format": "date-time", "nullable": True}
ACTION_ERRORS = (403, 404, 409, 422)


def _action(summary: str, body: str | None = None, params=(CASE,), limited: bool = False) -> dict:
    """``body``: the model (``web/bodies.py``) the action reads; an action without one reads nothing.
    ``limited``: a per-case limit answers 429 with Retry-After."""
    statuses = (*ACTION_ERRORS, 429) if limited else ACTION_ERRORS
    operation = {
        "summary": summary,
        "security": [{"bearer": []}],
        "parameters": list(params),
        "responses": {"200": ok(ref("ActionResult"), "the case after the action"), **errors(*statuses)},
    }
    operation["requestBody"] = json_body(ref(body) if body else obj([]), required=body is not None)
    return {"post": operation}


PARTS = "/api/v1/cases/{case_id}/parts/{part_id}"
ACTIONS = {
    "/api/v1/cases/{case_id}/accept": _action("Accept the case (签收)"),
    "/api/v1/cases/{case_id}/return": _action(
        "Return the case as not ours (退单) with a reason code: the dispatcher above re-dispatches; the second return "
        "goes up a level; past the district's limit (409 ruling_required) or once ruled to this unit (409 ruled) "
        "the return is refused",
        "Return",
    ),
    "/api/v1/cases/{case_id}/rule": _action(
        "Rule who handles a disputed case (审定): the dispatcher above names the unit and why; it cannot return it",
        "Ruling",
    ),
    "/api/v1/cases/{case_id}/escalate": _action(
        "Report the case up a level (上报), optionally opening joint handling", "Escalation"
    ),
    "/api/v1/cases/{case_id}/progress": _action(
        "Record progress (public: shown on the tracking page; default true)", "Progress"
    ),
    "/api/v1/cases/{case_id}/contact": _action("Record contact with the resident (public default false)", "Contact"),
    "/api/v1/cases/{case_id}/coordination": _action("Attach a coordination-meeting record (协调会)", "Coordination"),
    "/api/v1/cases/{case_id}/resolve": _action(
        "Resolve with a reply (答复) or close with an explanation (解释); a joint case only when every part is done",
        "Resolution",
    ),
    "/api/v1/cases/{case_id}/own": _action("A leader takes ownership of the case (包案)"),
    "/api/v1/cases/{case_id}/deadline": _action(
        "The case's 包案 leader sets an earlier resolution deadline (422 deadline_not_tighter otherwise)", "Deadline"
    ),
    "/api/v1/cases/{case_id}/sign-off": _action(
        "The case's 包案 leader approves the unit's proposed answer (it becomes the reply) or sends it back "
        "(409 no_proposal when there is none)",
        "SignOff",
    ),
    "/api/v1/cases/{case_id}/dispatch": _action("Dispatch by hand (triage queue, or the coordinator above)", "Unit"),
    "/api/v1/cases/{case_id}/merge": _action(
        "Merge this duplicate into an open case (default: the flagged original)", "Merge"
    ),
    "/api/v1/cases/{case_id}/cluster/merge": _action(
        "Merge a duplicate flagged for this case into it (the cluster is handled once, each resident is answered)",
        "ClusterMember",
    ),
    "/api/v1/cases/{case_id}/cluster/split": _action(
        "Split a merged case out of this case's cluster: this unit handles it on its own", "ClusterMember"
    ),
    "/api/v1/cases/{case_id}/joint": _action("Request joint handling (联办会办) with co-handling units", "Joint"),
    f"{PARTS}/accept": _action("A co-handler accepts its part", None, (CASE, PART)),
    f"{PARTS}/decline": _action("A co-handler declines its part with a reason", "Reason", (CASE, PART)),
    f"{PARTS}/complete": _action("A co-handler completes its part", "Completion", (CASE, PART)),
    f"{PARTS}/reassign": _action("The coordinator reassigns a declined part", "Unit", (CASE, PART)),
    f"{PARTS}/drop": _action("The coordinator drops a declined part", None, (CASE, PART)),
    "/api/v1/cases/{case_id}/resident-messages": _action(
        "The case's unit texts the resident through notify (通过平台短信联系居民), who never shows the number: "
        "the text, else the template's (422 text_required with neither); at most "
        f"{PER_DAY['message_resident']} per case in 24 hours "
        "(429 too_many_contacts, Retry-After: until the oldest counted text is 24 hours old); 409 no_contact "
        "when the case came with no contact (该诉求未留联系电话); counts as the first contact (首次联系)",
        "ResidentMessage",
        limited=True,
    ),
    "/api/v1/cases/{case_id}/callbacks": _action(
        "The case's unit asks the hotline to call the resident back with a question (申请热线回拨), due in "
        f"{CALLBACK_HOURS} working hours; at most {PER_DAY['request_callback']} per case in 24 hours "
        "(429 too_many_contacts with Retry-After); 409 no_contact as for a text; counts as the first contact",
        "CallbackRequest",
        limited=True,
    ),
    "/api/v1/cases/{case_id}/callbacks/outcome": _action(
        "A hotline operator of the case's district records the outcome of its waiting call-back (回拨结果; "
        "409 no_callback when none waits)",
        "CallbackOutcome",
    ),
}
CALLBACK = obj(
    ["case_id", "ticket", "unit_id", "asked_at", "asked_by", "due_at", "question"],
    case_id=STR,
    ticket=STR,
    unit_id={**STR, "description": "the unit that has the case, which asked"},
    asked_at={"type": "string", "format": "date-time"},
    asked_by={**OPT_STR, "description": "the handler's name"},
    due_at={"type": "string", "format": "date-time"},
    question=STR,
)
SUMMARY = obj(
    ["case_id", "ticket", "state", "unit_id"],
    case_id=STR,
    ticket=STR,
    category=STR,
    request_type={
        **OPT_STR,
        "enum": [*REQUEST_TYPE_LABELS, None],
        "description": "诉求类型: consultation 咨询, help 求助, complaint 投诉, suggestion 建议, praise 表扬 (or null)",
    },
    urgent={"type": "boolean"},
    state=STR,
    unit_id=STR,
    level=STR,
    content=STR,
    address=OPT_STR,
    grid_code=OPT_STR,
    located_by=OPT_STR,
    acceptance_deadline=TIME,
    response_deadline=TIME,
    resolution_deadline=TIME,
    overdue={"type": "boolean"},
    return_count={"type": "integer"},
    reopen_count={"type": "integer"},
    owner_id=OPT_STR,
    first_contact_id={**OPT_STR, "description": "who took the request (首问负责)"},
    proxy_id={**OPT_STR, "description": "the proxy acting for the resident (代理), with their consent"},
    proxy_consent={"type": "object", "nullable": True, "description": "how and when the resident consented"},
    rated={"type": "boolean", "description": "the resident rated the answer: the first-contact duty is done"},
    awaiting_sign_off={"type": "boolean", "description": "a 包案 case's answer waits for its leader"},
    joint={"type": "boolean"},
    duplicate_of=OPT_STR,
    merged_into=OPT_STR,
    received_at=TIME,
)
STEP = obj(
    ["at", "action"],
    at=TIME,
    action=STR,
    from_state=OPT_STR,
    to_state=OPT_STR,
    unit_id=OPT_STR,
    reason=OPT_STR,
    catalogue_item=OPT_STR,
    catalogue_version={"type": "integer", "nullable": True},
    actor={"type": "object"},
)
PART_VIEW = obj(
    ["part_id", "unit_id", "status"],
    part_id=STR,
    unit_id=STR,
    unit_name=STR,
    task=STR,
    deadline=TIME,
    lead={"type": "boolean"},
    status=STR,
    note=OPT_STR,
)
CLUSTER_MEMBER = obj(
    ["case_id", "ticket", "state", "merged"],
    case_id=STR,
    ticket=STR,
    state=STR,
    merged={"type": "boolean", "description": "merged into this case (else: flagged by intake as its duplicate)"},
)
DETAIL = {
    "allOf": [
        ref("CaseSummary"),
        obj(
            ["history", "parts", "cluster"],
            history={
                "type": "array",
                "items": STEP,
                "description": "the audit steps; a reveal of the resident's contact (reveal_contact) only for "
                "supervisors, leaders, dispatchers, admins and the person who revealed",
            },
            parts={"type": "array", "items": PART_VIEW},
            cluster={"type": "array", "items": CLUSTER_MEMBER},
            proposal={"type": "object", "nullable": True, "description": "the answer waiting for sign-off"},
        ),
    ]
}
SIGNED_IN = obj(
    ["token", "token_type", "expires_in", "person"],
    token=STR,
    token_type={"enum": ["Bearer"]},
    expires_in={"type": "integer"},
    person={"type": "object"},
)
LOCKOUT = obj(
    ["person_id", "retry_after"],
    person_id=STR,
    name=STR,
    unit_id=STR,
    retry_after={"type": "integer", "description": "seconds until the lockout ends by itself"},
)


def _query(name: str, schema: dict, description: str) -> dict:
    return param(name, "query", description, schema, required=False)


INBOX = [
    _query("state", {"type": "string", "enum": ["dispatched", "accepted", "resolved", "merged"]}, "case state"),
    _query("overdue", {"type": "string", "enum": ["true", "false", "1", "0"]}, "only (or no) overdue cases"),
    _query(
        "deadline_before",
        {"type": "string", "format": "date-time"},
        "resolution deadline at or before (ISO 8601 with a zone)",
    ),
    _query(
        "below",
        {"type": "string", "enum": ["true", "false", "1", "0"]},
        "supervisors, leaders, dispatchers: include units below",
    ),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}, "at most this many"),
    _query(
        "duty",
        {"type": "string", "enum": ["first_contact", "owner"]},
        "the person's own list, not the queue: requests they took first (首问负责) until rated, or their 包案 cases",
    ),
]
DISTRICT = param("district", "path", "district code (404 for a district not served)")
CATALOGUE_ITEM = obj(
    ["item_id", "matter", "category", "level", "legal_basis", "effective_from"],
    item_id=STR,
    matter=STR,
    category=STR,
    level={"type": "string", "enum": ["community", "street", "department"]},
    unit_id=OPT_STR,
    street_duty=OPT_STR,
    community_duty=OPT_STR,
    legal_basis=STR,
    effective_from=STR,
    effective_to=OPT_STR,
)
CATALOGUE = obj(
    ["district", "version", "items"],
    district=STR,
    version={"type": "integer", "nullable": True},
    loaded_at=OPT_STR,
    date=STR,
    items={"type": "array", "items": CATALOGUE_ITEM},
)
RIGHT_FIRST_TIME = obj(
    ["district", "formula", "items"],
    district=STR,
    formula=STR,
    items={
        "type": "array",
        "items": obj(
            ["item_id", "version", "dispatched", "right_first_time", "rate"],
            item_id=STR,
            version={"type": "integer"},
            dispatched={"type": "integer"},
            right_first_time={"type": "integer"},
            rate={"type": "number", "nullable": True},
        ),
    },
)
DISPATCH_MODEL = obj(
    ["district", "policy", "formula", "model", "dispatches"],
    district=STR,
    policy=obj(
        ["min_history", "retrain_hours", "margin", "min_confidence"],
        min_history={"type": "integer"},
        retrain_hours={"type": "integer"},
        margin={"type": "number"},
        min_confidence={"type": "number"},
    ),
    formula=STR,
    model={
        **obj(
            ["version", "trained_at", "samples", "trained_on", "held_out", "model_right", "rules_right"],
            version={"type": "integer"},
            trained_at=STR,
            samples={"type": "integer"},
            trained_on={"type": "integer"},
            held_out={"type": "integer"},
            model_right={"type": "integer"},
            rules_right={"type": "integer"},
            model_rate={"type": "number"},
            rules_rate={"type": "number"},
        ),
        "nullable": True,
    },
    dispatches={"type": "boolean"},
)
PUBLIC = {
    "/api/v1/districts/{district}/catalogue": {
        "get": {
            "summary": "Public: the district's current responsibility catalogue (职责清单), the items in force today",
            "parameters": [DISTRICT],
            "responses": {"200": ok(CATALOGUE, "the current version and its items"), **errors(404)},
        }
    },
    "/api/v1/districts/{district}/catalogue/right-first-time": {
        "get": {
            "summary": "Public: per catalogue item and version, cases first dispatched by it and those not returned",
            "parameters": [DISTRICT],
            "responses": {"200": ok(RIGHT_FIRST_TIME, "right_first_time / dispatched per item"), **errors(404)},
        }
    },
    "/api/v1/districts/{district}/dispatch-model": {
        "get": {
            "summary": "Public: the history model of dispatch (按历史派单), its and the rules' held-out "
            "right-first-time rates (null model: too little history, the rules only)",
            "parameters": [DISTRICT],
            "responses": {
                "200": ok(DISPATCH_MODEL, "model_right / held_out and rules_right / held_out"),
                **errors(404),
            },
        }
    },
}
DOCUMENT = finish(
    {
        "openapi": "3.0.3",
        "info": {
            "title": "Minqing routing",
            "version": "1.0.0",
            "description": "Dispatch, deadlines, supervision, escalation and joint handling of residents' cases. "
            "A case is named by its id or its ticket number. Every endpoint but login and the public "
            "catalogue and dispatch-model figures need `Authorization: Bearer <token>`.",
        },
        "components": components(
            {
                "ActionResult": obj(
                    ["case_id", "state"],
                    case_id=STR,
                    ticket=STR,
                    state=STR,
                    unit_id=STR,
                    level=STR,
                    events={"type": "array", "items": STR},
                ),
                "CaseSummary": SUMMARY,
                "CaseDetail": DETAIL,
                **schemas(*MODELS),
            }
        ),
        "paths": {
            "/api/v1/auth/login": {
                "post": {
                    "summary": "Sign in: a token every service verifies",
                    "requestBody": json_body(ref("Login")),
                    "responses": {
                        "200": ok(SIGNED_IN, "the token, its lifetime and the person"),
                        **errors(401, 422, 429),
                        "503": {"$ref": "#/components/responses/Unavailable"},
                    },
                }
            },
            "/api/v1/auth/lockouts": {
                "get": {
                    "summary": "Supervisors: the people locked out of signing in whose lockout they may lift",
                    "security": [{"bearer": []}],
                    "responses": {
                        "200": ok(
                            obj(["lockouts"], lockouts={"type": "array", "items": LOCKOUT}),
                            "locked-out people at the supervisor's unit or below",
                        ),
                        **errors(403),
                    },
                }
            },
            "/api/v1/auth/lockouts/{person_id}/lift": {
                "post": {
                    "summary": "A supervisor of the person's unit or above lifts their sign-in lockout (audited)",
                    "security": [{"bearer": []}],
                    "parameters": [param("person_id", "path", "the locked-out person")],
                    "responses": {
                        "200": ok(
                            obj(["person_id", "lifted"], person_id=STR, lifted={"type": "boolean"}),
                            "the lockout is lifted",
                        ),
                        **errors(403, 404, 409),
                    },
                }
            },
            "/api/v1/inbox": {
                "get": {
                    "summary": "The signed-in person's inbox: cases at their unit, their parts, their owned cases",
                    "security": [{"bearer": []}],
                    "parameters": INBOX,
                    "responses": {
                        "200": ok(
                            obj(
                                ["cases", "count"],
                                cases={"type": "array", "items": ref("CaseSummary")},
                                count={"type": "integer"},
                            ),
                            "cases, soonest deadline first",
                        ),
                        **errors(422),
                    },
                }
            },
            "/api/v1/cases/{case_id}": {
                "get": {
                    "summary": "A case with its audit trail (who, when, from state, to state, why) and joint parts",
                    "security": [{"bearer": []}],
                    "parameters": [CASE],
                    "responses": {"200": ok(ref("CaseDetail"), "the case"), **errors(404)},
                }
            },
            **ACTIONS,
            "/api/v1/districts/{district}/callbacks": {
                "get": {
                    "summary": "The district's hotline operators: the call-backs asked for and not answered yet "
                    "(热线回拨), earliest due first (403 for other roles; 404 for another district)",
                    "security": [{"bearer": []}],
                    "parameters": [DISTRICT],
                    "responses": {
                        "200": ok(
                            obj(
                                ["callbacks", "count"],
                                callbacks={"type": "array", "items": CALLBACK},
                                count={"type": "integer"},
                            ),
                            "each case's waiting call-back",
                        ),
                        **errors(403, 404),
                    },
                }
            },
            **PUBLIC,
            "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
            "/readyz": {
                "get": {
                    "summary": "readiness, with calendar warnings",
                    "responses": {"200": {"description": "ready"}, "503": {"description": "not ready"}},
                }
            },
        },
    }
)
