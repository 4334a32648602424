"""Routing's OpenAPI 3 document: every endpoint, its statuses and parameters, written as data; its bodies' and
answers' schemas from their models (``bodies.py``, ``answers.py``)."""

from __future__ import annotations

from minqing_kit import request_models, response_models
from minqing_kit.apidocs import components, errors, finish, json_body, obj, param, ref
from minqing_kit.probe_answers import probe_paths
from minqing_kit.response_models import returns

from ..domain.resident_contact import CALLBACK_HOURS, PER_DAY
from . import answers
from .bodies import MODELS

CASE = {**param("case_id", "path", "the case: its id (UUID) or its ticket number"), "example": "XL-20261201-000001"}
PART = param("part_id", "path", "the joint part's id")
ACTION_ERRORS = (403, 404, 409, 422)


def _action(summary: str, body: str | None = None, params=(CASE,), limited: bool = False) -> dict:
    """``body``: the model (``web/bodies.py``) the action reads; an action without one reads nothing.
    ``limited``: a per-case limit answers 429 with Retry-After."""
    statuses = (*ACTION_ERRORS, 429) if limited else ACTION_ERRORS
    operation = {
        "summary": summary,
        "security": [{"bearer": []}],
        "parameters": list(params),
        "responses": {"200": returns(answers.ActionResult, "the case after the action"), **errors(*statuses)},
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
PUBLIC = {
    "/api/v1/districts/{district}/catalogue": {
        "get": {
            "summary": "Public: the district's current responsibility catalogue (职责清单), the items in force today",
            "parameters": [DISTRICT],
            "responses": {"200": returns(answers.Catalogue, "the current version and its items"), **errors(404)},
        }
    },
    "/api/v1/districts/{district}/catalogue/right-first-time": {
        "get": {
            "summary": "Public: per catalogue item and version, cases first dispatched by it and those not returned",
            "parameters": [DISTRICT],
            "responses": {
                "200": returns(answers.RightFirstTime, "right_first_time / dispatched per item"),
                **errors(404),
            },
        }
    },
    "/api/v1/districts/{district}/dispatch-model": {
        "get": {
            "summary": "Public: the history model of dispatch (按历史派单), its and the rules' held-out "
            "right-first-time rates (null model: too little history, the rules only)",
            "parameters": [DISTRICT],
            "responses": {
                "200": returns(answers.DispatchModel, "model_right / held_out and rules_right / held_out"),
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
        "components": components({**request_models.schemas(*MODELS), **response_models.schemas(*answers.ANSWERS)}),
        "paths": {
            "/api/v1/auth/login": {
                "post": {
                    "summary": "Sign in: a token every service verifies",
                    "requestBody": json_body(ref("Login")),
                    "responses": {
                        "200": returns(answers.SignedIn, "the token, its lifetime and the person"),
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
                        "200": returns(answers.Lockouts, "locked-out people at the supervisor's unit or below"),
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
                        "200": returns(answers.LockoutLifted, "the lockout is lifted"),
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
                        "200": returns(answers.Inbox, "cases, soonest deadline first"),
                        **errors(422),
                    },
                }
            },
            "/api/v1/cases/{case_id}": {
                "get": {
                    "summary": "A case with its audit trail (who, when, from state, to state, why) and joint parts",
                    "security": [{"bearer": []}],
                    "parameters": [CASE],
                    "responses": {"200": returns(answers.CaseDetail, "the case"), **errors(404)},
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
                        "200": returns(answers.Callbacks, "each case's waiting call-back"),
                        **errors(403, 404),
                    },
                }
            },
            **PUBLIC,
            **probe_paths("readiness: database and broker, with calendar warnings"),
        },
    }
)
