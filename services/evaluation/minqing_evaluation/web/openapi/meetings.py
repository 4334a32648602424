"""Meetings (听证会, 协调会, 评议会, 三方评事, 民情分析会; ``meetings_api``): planning, notices, attendance,
minutes, decisions and their tasks, the calendar and the public record."""

from __future__ import annotations

from minqing_kit.apidocs import param
from minqing_kit.request_models import schemas

from ..answers.meetings import Meeting, MeetingCalendar, MeetingTaskDone, PublicMeeting
from ..meeting_bodies import Decision, Holding, MinutesText, NewMeeting, Notice
from .common import CHANGE_ERRORS, op

PARAMETERS = {
    "meeting_id": param("meeting_id", "path", "meeting id"),
    "meeting_task_id": param("task_id", "path", "a task a meeting's decision assigned"),
    "convening_unit": param("unit", "query", "only this convening unit's meetings", None, False),
}

SCHEMAS = schemas(NewMeeting, Notice, Holding, MinutesText, Decision)


def _change(summary: str, body: str | None = None, status: str = "201") -> dict:
    """A change of a meeting by its convener or attendees, answered with the meeting."""
    return op(summary, Meeting, params=("meeting_id",), body=body, status=status, secured=True, errors_=CHANGE_ERRORS)


PATHS = {
    "/api/v1/meetings": {
        "post": op(
            "Plan a meeting (听证会, 协调会, 评议会, 三方评事, 民情分析会) of your unit (leaders, admins: any)",
            Meeting,
            body="NewMeeting",
            status="201",
            secured=True,
            errors_=(403, 422),
        )
    },
    "/api/v1/meetings/{meeting_id}": {
        "get": op(
            "A meeting, invitees by name (convening unit, invited staff, leaders, admins, supervisors; audited)",
            Meeting,
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
            MeetingTaskDone,
            params=("meeting_task_id",),
            status="201",
            secured=True,
            errors_=(403, 404, 409),
        )
    },
    "/api/v1/districts/{district}/meetings": {
        "get": op("The month's meetings (calendar)", MeetingCalendar, params=("district", "month", "convening_unit"))
    },
    "/api/v1/districts/{district}/meetings/{meeting_id}": {
        "get": op(
            "A meeting's public record: no resident's name, minutes once published",
            PublicMeeting,
            params=("district", "meeting_id"),
            errors_=(404,),
        )
    },
}
