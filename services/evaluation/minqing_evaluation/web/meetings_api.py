"""Meetings (听证会, 协调会, 评议会, 三方评事, 民情分析会): staff record them (a token of the district; changes by
the convening unit or district-wide roles, corrections by recorded attendees); the calendar and each
meeting's public record are open to all."""

from __future__ import annotations

from flask import Blueprint, g, request

from minqing_kit.request_models import body
from minqing_kit.requests import parse_month
from minqing_kit.response_models import answer

from .. import meeting_views, meeting_work, meetings
from ..current import local_today
from . import meeting_bodies as bodies
from .answers.meetings import Meeting, MeetingCalendar, MeetingTaskDone, PublicMeeting
from .common import known_district, requires, runtime

blueprint = Blueprint("meetings", __name__, url_prefix="/api/v1")
blueprint.before_request(known_district)


@blueprint.post("/meetings")
@requires()
def plan():
    return answer(Meeting, meetings.plan(runtime(), g.principal, body(bodies.NewMeeting)), 201)


@blueprint.get("/meetings/<meeting_id>")
@requires()
def show(meeting_id: str):
    return answer(Meeting, meeting_views.staff_view(runtime(), g.principal, meeting_id))


@blueprint.post("/meetings/<meeting_id>/notices")
@requires()
def give_notice(meeting_id: str):
    notice = body(bodies.Notice).notice
    return answer(Meeting, meetings.give_notice(runtime(), g.principal, meeting_id, notice), 201)


@blueprint.post("/meetings/<meeting_id>/attendance")
@requires()
def hold(meeting_id: str):
    given = body(bodies.Holding)
    held = meetings.hold(runtime(), g.principal, meeting_id, list(given.attended), given.override_reason)
    return answer(Meeting, held, 201)


@blueprint.put("/meetings/<meeting_id>/minutes")
@requires()
def draft_minutes(meeting_id: str):
    text = body(bodies.MinutesText).text
    return answer(Meeting, meetings.draft_minutes(runtime(), g.principal, meeting_id, text))


@blueprint.post("/meetings/<meeting_id>/minutes/corrections")
@requires()
def correct_minutes(meeting_id: str):
    text = body(bodies.MinutesText).text
    return answer(Meeting, meetings.correct_minutes(runtime(), g.principal, meeting_id, text), 201)


@blueprint.post("/meetings/<meeting_id>/minutes/publication")
@requires()
def publish_minutes(meeting_id: str):
    return answer(Meeting, meetings.publish_minutes(runtime(), g.principal, meeting_id), 201)


@blueprint.post("/meetings/<meeting_id>/decisions")
@requires()
def decide(meeting_id: str):
    return answer(Meeting, meeting_work.decide(runtime(), g.principal, meeting_id, body(bodies.Decision)), 201)


@blueprint.post("/meeting-tasks/<task_id>/completion")
@requires()
def complete_task(task_id: str):
    return answer(MeetingTaskDone, meeting_work.complete_task(runtime(), g.principal, task_id), 201)


@blueprint.get("/districts/<district>/meetings")
def calendar(district: str):
    """The month's meetings (``?month=YYYY-MM``, default this month; ``?unit=`` one convening unit)."""
    month = request.args.get("month")
    start = parse_month("month", month) if month else local_today(district).replace(day=1)
    unit = request.args.get("unit") or None
    items = meeting_views.calendar(runtime(), district, unit, start)
    return answer(MeetingCalendar, {"district": district, "month": start.isoformat()[:7], "meetings": items})


@blueprint.get("/districts/<district>/meetings/<meeting_id>")
def public(district: str, meeting_id: str):
    return answer(PublicMeeting, meeting_views.public_view(runtime(), district, meeting_id))
