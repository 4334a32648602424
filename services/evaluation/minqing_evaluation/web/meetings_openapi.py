"""The meetings part of evaluation's OpenAPI document (``web/openapi.py`` merges it): parameters,
schemas and paths of ``meetings_api``."""

from __future__ import annotations

from collections.abc import Callable

from minqing_kit.apidocs import OPT_STR, STR, obj, param, ref
from minqing_kit.request_models import schemas

from ..domain.deliberation import ORDER
from ..domain.meetings import KINDS
from .meeting_bodies import Decision, Holding, MinutesText, NewDeliberation, NewMeeting, Notice, StepRecord

BOOL, INT = {"type": "boolean"}, {"type": "integer"}
OPT_BOOL = {"type": "boolean", "nullable": True}
ARRAY = {"type": "array", "items": {"type": "object"}}
KIND = {"type": "string", "enum": list(KINDS)}

PARAMETERS = {
    "meeting_id": param("meeting_id", "path", "meeting id"),
    "meeting_task_id": param("task_id", "path", "a task a meeting's decision assigned"),
    "convening_unit": param("unit", "query", "only this convening unit's meetings", None, False),
    "matter_id": param("matter_id", "path", "a matter of the six-step deliberation"),
    "community": param("unit", "query", "only this community's matters", None, False),
}

TASK = obj(
    ["id", "owner_unit_id", "description", "due_at", "overdue"],
    id=STR,
    owner_unit_id=STR,
    owner_person_id=OPT_STR,
    description=STR,
    due_at=STR,
    done_at=OPT_STR,
    overdue=BOOL,
)
DECISION = obj(
    ["id", "text", "adopted", "case_ids", "tasks"],
    id=STR,
    text=STR,
    adopted=BOOL,
    reason=OPT_STR,
    case_ids={"type": "array", "items": STR},
    tasks={"type": "array", "items": TASK},
)
COMMON = {
    "id": STR,
    "district": STR,
    "kind": KIND,
    "kind_name": STR,
    "title": STR,
    "unit_id": STR,
    "starts_at": STR,
    "place": STR,
    "agenda": {"type": "array", "items": STR},
    "matters": ARRAY,
    "notices": {"type": "object", "additionalProperties": STR},
    "state": {"type": "string", "enum": ["planned", "held"]},
    "held_at": OPT_STR,
    "notice_override": OPT_STR,
    "minutes": OPT_STR,
    "minutes_state": {"type": "string", "enum": ["none", "draft", "published"]},
    "decisions": {"type": "array", "items": DECISION},
}
INVITEE = obj(
    ["invitee_id", "group", "name"],
    invitee_id=STR,
    group=STR,
    name=STR,
    person_id=OPT_STR,
    unit_id=OPT_STR,
    attended=OPT_BOOL,
)
GROUP_COUNT = obj(["group", "invited", "attended"], group=STR, group_name=STR, invited=INT, attended=INT)
SCHEMAS = {
    **schemas(NewMeeting, Notice, Holding, MinutesText, Decision, NewDeliberation, StepRecord),
    "Meeting": obj(
        [*COMMON, "invitees", "corrections", "trail"],
        **COMMON,
        invitees={"type": "array", "items": INVITEE},
        corrections=ARRAY,
        trail=ARRAY,
    ),
    "PublicMeeting": obj(
        [*COMMON, "invitees", "corrections"],
        **COMMON,
        invitees={"type": "array", "items": GROUP_COUNT},
        corrections={"type": "array", "items": obj(["text", "at"], text=STR, at=STR)},
    ),
}
STEP = obj(
    ["step", "number", "name", "recorded_at", "summary", "visits_linked"],
    step={"type": "string", "enum": list(ORDER)},
    number=INT,
    name=STR,
    recorded_at=STR,
    summary=STR,
    visits_linked=INT,
    adopted=BOOL,
)
SCHEMAS["Deliberation"] = obj(
    ["id", "district", "unit_id", "title", "state", "steps"],
    id=STR,
    district=STR,
    unit_id=STR,
    title=STR,
    state={"type": "string", "enum": [*ORDER, "done", "rejected"]},
    steps={"type": "array", "items": STEP},
)
BOARD = obj(["district", "matters"], district=STR, matters=ARRAY)
CALENDAR = obj(["district", "month", "meetings"], district=STR, month=STR, meetings=ARRAY)
CHANGE_ERRORS = (403, 404, 409, 422)


def paths(op: Callable[..., dict]) -> dict:
    """The paths, each operation built by the document's own ``op``."""
    meeting = ref("Meeting")

    def change(summary: str, body: str | None = None, status: str = "201") -> dict:
        return op(
            summary, meeting, params=("meeting_id",), body=body, status=status, secured=True, errors_=CHANGE_ERRORS
        )

    return {
        "/api/v1/meetings": {
            "post": op(
                "Plan a meeting (听证会, 协调会, 评议会, 三方评事, 民情分析会) of your unit (leaders, admins: any)",
                meeting,
                body="NewMeeting",
                status="201",
                secured=True,
                errors_=(403, 422),
            )
        },
        "/api/v1/meetings/{meeting_id}": {
            "get": op(
                "A meeting, invitees by name (convening unit, invited staff, leaders, admins, supervisors; audited)",
                meeting,
                params=("meeting_id",),
                secured=True,
                errors_=(404,),
            )
        },
        "/api/v1/meetings/{meeting_id}/notices": {
            "post": change("Send a notice (recruitment, schedule, materials)", "Notice")
        },
        "/api/v1/meetings/{meeting_id}/attendance": {
            "post": change("Hold it: the attendance; a hearing with late notices needs an override reason", "Holding")
        },
        "/api/v1/meetings/{meeting_id}/minutes": {
            "put": change("Draft the minutes (the convener)", "MinutesText", "200")
        },
        "/api/v1/meetings/{meeting_id}/minutes/corrections": {
            "post": change("Correct the draft minutes (recorded attendees only)", "MinutesText")
        },
        "/api/v1/meetings/{meeting_id}/minutes/publication": {"post": change("Publish the minutes (the convener)")},
        "/api/v1/meetings/{meeting_id}/decisions": {
            "post": change(
                "Record a decision, adopted or not (with its reason), with cases answered and tasks", "Decision"
            )
        },
        "/api/v1/meeting-tasks/{task_id}/completion": {
            "post": op(
                "Mark a meeting task done (its owner unit; leaders, admins)",
                obj(["id", "done_at"], id=STR, done_at=STR),
                params=("meeting_task_id",),
                status="201",
                secured=True,
                errors_=(403, 404, 409),
            )
        },
        "/api/v1/districts/{district}/meetings": {
            "get": op("The month's meetings (calendar)", CALENDAR, params=("district", "month", "convening_unit"))
        },
        "/api/v1/deliberations": {
            "post": op(
                "Open a matter of the six-step deliberation (六步流程) of your community",
                ref("Deliberation"),
                body="NewDeliberation",
                status="201",
                secured=True,
                errors_=(403, 422),
            )
        },
        "/api/v1/deliberations/{matter_id}/steps": {
            "post": op(
                "Record the next step (in order; the vote with its counts) and publish it on the board",
                ref("Deliberation"),
                params=("matter_id",),
                body="StepRecord",
                status="201",
                secured=True,
                errors_=CHANGE_ERRORS,
            )
        },
        "/api/v1/districts/{district}/deliberations": {
            "get": op("The notice board's matters, newest first", BOARD, params=("district", "community"))
        },
        "/api/v1/districts/{district}/deliberations/{matter_id}": {
            "get": op(
                "A matter's published steps", ref("Deliberation"), params=("district", "matter_id"), errors_=(404,)
            )
        },
        "/api/v1/districts/{district}/meetings/{meeting_id}": {
            "get": op(
                "A meeting's public record: no resident's name, minutes once published",
                ref("PublicMeeting"),
                params=("district", "meeting_id"),
                errors_=(404,),
            )
        },
    }
