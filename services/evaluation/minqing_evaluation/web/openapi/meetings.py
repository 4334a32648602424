"""Meetings (听证会, 协调会, 评议会, 三方评事, 民情分析会; ``meetings_api``): planning, notices, attendance,
minutes, decisions and their tasks, the calendar and the public record."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, obj, param, ref
from minqing_kit.request_models import schemas

from ...domain.meetings import KINDS
from ..meeting_bodies import Decision, Holding, MinutesText, NewMeeting, Notice
from .common import ARRAY, BOOL, CHANGE_ERRORS, INT, op

OPT_BOOL = {"type": "boolean", "nullable": True}
KIND = {"type": "string", "enum": list(KINDS)}

PARAMETERS = {
    "meeting_id": param("meeting_id", "path", "meeting id"),
    "meeting_task_id": param("task_id", "path", "a task a meeting's decision assigned"),
    "convening_unit": param("unit", "query", "only this convening unit's meetings", None, False),
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
    **schemas(NewMeeting, Notice, Holding, MinutesText, Decision),
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
CALENDAR = obj(["district", "month", "meetings"], district=STR, month=STR, meetings=ARRAY)
MEETING = ref("Meeting")


def _change(summary: str, body: str | None = None, status: str = "201") -> dict:
    """A change of a meeting by its convener or attendees, answered with the meeting."""
    return op(summary, MEETING, params=("meeting_id",), body=body, status=status, secured=True, errors_=CHANGE_ERRORS)


PATHS = {
    "/api/v1/meetings": {
        "post": op(
            "Plan a meeting (听证会, 协调会, 评议会, 三方评事, 民情分析会) of your unit (leaders, admins: any)",
            MEETING,
            body="NewMeeting",
            status="201",
            secured=True,
            errors_=(403, 422),
        )
    },
    "/api/v1/meetings/{meeting_id}": {
        "get": op(
            "A meeting, invitees by name (convening unit, invited staff, leaders, admins, supervisors; audited)",
            MEETING,
            params=("meeting_id",),
            secured=True,
            errors_=(404,),
        )
    },
    "/api/v1/meetings/{meeting_id}/notices": {
        "post": _change("Send a notice (recruitment, schedule, materials)", "Notice")
    },
    "/api/v1/meetings/{meeting_id}/attendance": {
        "post": _change("Hold it: the attendance; a hearing with late notices needs an override reason", "Holding")
    },
    "/api/v1/meetings/{meeting_id}/minutes": {"put": _change("Draft the minutes (the convener)", "MinutesText", "200")},
    "/api/v1/meetings/{meeting_id}/minutes/corrections": {
        "post": _change("Correct the draft minutes (recorded attendees only)", "MinutesText")
    },
    "/api/v1/meetings/{meeting_id}/minutes/publication": {"post": _change("Publish the minutes (the convener)")},
    "/api/v1/meetings/{meeting_id}/decisions": {
        "post": _change(
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
    "/api/v1/districts/{district}/meetings/{meeting_id}": {
        "get": op(
            "A meeting's public record: no resident's name, minutes once published",
            ref("PublicMeeting"),
            params=("district", "meeting_id"),
            errors_=(404,),
        )
    },
}
