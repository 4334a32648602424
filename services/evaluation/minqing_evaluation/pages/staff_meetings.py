"""Staff forms of meetings (15): GET/POST /staff/meetings/new convenes one; GET /staff/meetings/<id> is the
staff record (invitees by name, audited like the API's) with the forms of what comes next: a notice
given, the attendance (and a late hearing's override reason), the minutes drafted, corrected and
published, and a decision with its reason or its task. Each form is read into the API's request model and
runs the API's use case, so a refusal is the same structured error, shown above the form with what was
typed kept."""

from __future__ import annotations

from datetime import datetime

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError, FieldError, invalid

from .. import meeting_views, meeting_work, meetings
from ..current import runtime
from ..domain.meetings import GROUPS, KINDS, MATTER_KINDS, NOTICES
from ..web import meeting_bodies as bodies
from .common import blueprint
from .staff import field_messages, form_model, refused_form, staff_only, unit_names

GROUP_BY_NAME = {name: code for code, name in GROUPS.items()}
STATES = {"planned": "待召开", "held": "已召开"}
MINUTES = {"none": "尚未起草", "draft": "起草中,待更正", "published": "已发布"}


def _lines(name: str) -> list[str]:
    return [line.strip() for line in (request.form.get(name) or "").splitlines() if line.strip()]


def _starts_at(district: str) -> str | None:
    """The form's local date and time (datetime-local, the district's clock) as an ISO instant."""
    text = (request.form.get("starts_at") or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=runtime().tz(district)).isoformat()
    except ValueError:
        raise invalid([FieldError("starts_at", "must be a date and time", "须为日期和时间")]) from None


def _invitees() -> list[dict]:
    """One line each: 组别 姓名 [工号], e.g. 居民代表 王阿姨 or 工作人员 张三 tv-c1-h1."""
    found = []
    for n, line in enumerate(_lines("invitees")):
        parts = line.split()
        group = GROUP_BY_NAME.get(parts[0], parts[0])
        if group not in GROUPS or len(parts) not in (2, 3):
            raise invalid(
                [
                    FieldError(
                        f"invitees[{n}]",
                        "write: group name [person id]",
                        "每行写:组别 姓名 [工号],组别为" + "、".join(GROUPS.values()),
                    )
                ]
            )
        found.append({"group": group, "name": parts[1], **({"person_id": parts[2]} if len(parts) == 3 else {})})
    return found


def _new_meeting_page(error: ApiError | None = None):
    district = g.principal.district
    return (
        render_template(
            "evaluation_pages/staff_meeting_new.html",
            who=g.principal,
            kinds=KINDS,
            groups=GROUPS,
            units=unit_names(district),
            values=request.form,
            error=error.to_dict()["error"] if error else None,
            errors=field_messages(error) if error else {},
        ),
        error.status if error else 200,
    )


@blueprint.get("/staff/meetings/new")
@staff_only
def staff_new_meeting():
    return _new_meeting_page()


@blueprint.post("/staff/meetings/new")
@staff_only
def staff_convene():
    try:
        given = form_model(
            bodies.NewMeeting,
            {
                "kind": request.form.get("kind"),
                "title": (request.form.get("title") or "").strip(),
                "unit_id": request.form.get("unit_id"),
                "starts_at": _starts_at(g.principal.district),
                "place": (request.form.get("place") or "").strip(),
                "agenda": _lines("agenda"),
                "matters": [{"kind": "case", "ref": ref} for ref in _lines("cases")],
                "invitees": _invitees(),
            },
        )
        meeting = meetings.plan(runtime(), g.principal, given)
    except ApiError as error:
        if not refused_form(error):
            raise
        return _new_meeting_page(error)
    return redirect(url_for("evaluation_pages.staff_meeting", meeting_id=meeting["id"]), 303)


def _meeting_page(meeting_id: str, error: ApiError | None = None, done: str | None = None):
    meeting = meeting_views.staff_view(runtime(), g.principal, meeting_id)
    district = g.principal.district
    tz = runtime().tz(district)
    return (
        render_template(
            "evaluation_pages/staff_meeting.html",
            who=g.principal,
            meeting=meeting,
            units=unit_names(district),
            notices=NOTICES,
            groups=GROUPS,
            matter_kinds=MATTER_KINDS,
            states=STATES,
            minutes_states=MINUTES,
            values=request.form,
            error=error.to_dict()["error"] if error else None,
            errors=field_messages(error) if error else {},
            done=done,
            local=lambda iso: datetime.fromisoformat(iso).astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        ),
        error.status if error else 200,
    )


@blueprint.get("/staff/meetings/<meeting_id>")
@staff_only
def staff_meeting(meeting_id: str):
    return _meeting_page(meeting_id, done=request.args.get("done"))


def _whole(text: str | None) -> int | str | None:
    """A number field as the integer it spells (else as typed, for the model to refuse)."""
    return int(text) if text and text.strip().isdigit() else text


def _decision() -> dict:
    task = {
        "owner_unit_id": request.form.get("task_unit_id"),
        "description": (request.form.get("task_description") or "").strip(),
        "due_in_working_days": _whole(request.form.get("task_days")),
    }
    return {
        "text": (request.form.get("text") or "").strip(),
        "adopted": request.form.get("adopted") == "yes",
        "reason": (request.form.get("reason") or "").strip() or None,
        "case_ids": request.form.getlist("case_ids"),
        "tasks": [task] if task["description"] else [],
    }


def _hold(meeting_id: str) -> dict:
    given = form_model(
        bodies.Holding,
        {
            "attended": request.form.getlist("attended"),
            "override_reason": (request.form.get("override_reason") or "").strip() or None,
        },
    )
    return meetings.hold(runtime(), g.principal, meeting_id, list(given.attended), given.override_reason)


ACTIONS = {  # form -> (what it records, as the API's use case with the API's request model)
    "notice": lambda mid: meetings.give_notice(
        runtime(), g.principal, mid, form_model(bodies.Notice, {"notice": request.form.get("notice")}).notice
    ),
    "attendance": lambda mid: _hold(mid),
    "minutes": lambda mid: meetings.draft_minutes(
        runtime(), g.principal, mid, form_model(bodies.MinutesText, {"text": request.form.get("text", "")}).text
    ),
    "correction": lambda mid: meetings.correct_minutes(
        runtime(), g.principal, mid, form_model(bodies.MinutesText, {"text": request.form.get("text", "")}).text
    ),
    "publication": lambda mid: meetings.publish_minutes(runtime(), g.principal, mid),
    "decision": lambda mid: meeting_work.decide(runtime(), g.principal, mid, form_model(bodies.Decision, _decision())),
}


@blueprint.post("/staff/meetings/<meeting_id>/<action>")
@staff_only
def staff_meeting_action(meeting_id: str, action: str):
    if action not in ACTIONS:
        raise ApiError(404, "not_found", "no such form", "未找到该表单")
    try:
        ACTIONS[action](meeting_id)
    except ApiError as error:
        if not refused_form(error) or error.code == "not_found":
            raise
        return _meeting_page(meeting_id, error)
    return redirect(url_for("evaluation_pages.staff_meeting", meeting_id=meeting_id, done=action), 303)
