"""Public pages of meetings and the six-step deliberation: GET /meetings/<district> (the month's meeting
calendar, ?month=YYYY-MM, ?unit=), /meetings/<district>/<id> (agenda, notices sent, attendance by group,
published minutes with their corrections, decisions and their tasks), /deliberations/<district> (the
notice board of matters) and /deliberations/<district>/<id> (a matter's six steps). No resident's name."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template, request

from minqing_kit.errors import ApiError
from minqing_kit.requests import parse_month

from .. import deliberations, meeting_views, stats
from ..current import local_today, runtime
from ..domain import orgtree
from ..domain.deliberation import ORDER, STEPS
from ..domain.meetings import MATTER_KINDS, NOTICES
from .common import blueprint, resident_error

STATES = {"planned": "待召开", "held": "已召开"}
MINUTES = {"none": "尚未起草", "draft": "起草中，待更正", "published": "已发布"}
PROGRESS = {**STEPS, "done": "已完成全部六步", "rejected": "议事会未通过，事项终止"}


def _unit_names(config) -> dict[str, str]:
    return {unit_id: unit.name for unit_id, unit in orgtree.units(config).items()}


@blueprint.get("/meetings/<district>")
def meeting_calendar(district: str):
    try:
        config = stats.district_config(runtime(), district)
        text = request.args.get("month")
        first = parse_month("month", text) if text else local_today(district).replace(day=1)
    except ApiError as error:
        return resident_error(error)
    unit = request.args.get("unit") or None
    items = meeting_views.calendar(runtime(), district, unit, first)
    days: dict[str, list[dict]] = {}
    for item in items:
        days.setdefault(item["local_day"], []).append(item)
    months = {
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (first + timedelta(days=32)).strftime("%Y-%m"),
    }
    return render_template(
        "evaluation_pages/meetings.html",
        district=config,
        month=first,
        months=months,
        days=days,
        unit=unit,
        units=_unit_names(config),
        states=STATES,
    )


@blueprint.get("/meetings/<district>/<meeting_id>")
def meeting_page(district: str, meeting_id: str):
    try:
        config = stats.district_config(runtime(), district)
        meeting = meeting_views.public_view(runtime(), district, meeting_id)
    except ApiError as error:
        return resident_error(error)
    return render_template(
        "evaluation_pages/meeting.html",
        district=config,
        meeting=meeting,
        units=_unit_names(config),
        notices=NOTICES,
        matter_kinds=MATTER_KINDS,
        states=STATES,
        minutes_states=MINUTES,
        local=lambda iso: datetime.fromisoformat(iso).astimezone(runtime().tz(district)).strftime("%Y-%m-%d %H:%M"),
    )


@blueprint.get("/deliberations/<district>")
def deliberation_board(district: str):
    try:
        config = stats.district_config(runtime(), district)
    except ApiError as error:
        return resident_error(error)
    matters = deliberations.board(runtime(), district, request.args.get("unit") or None)
    return render_template(
        "evaluation_pages/deliberations.html",
        district=config,
        matters=matters,
        units=_unit_names(config),
        steps=STEPS,
        order=ORDER,
    )


@blueprint.get("/deliberations/<district>/<matter_id>")
def deliberation_page(district: str, matter_id: str):
    try:
        config = stats.district_config(runtime(), district)
        matter = deliberations.view(runtime(), district, matter_id)
    except ApiError as error:
        return resident_error(error)
    recorded = {s["step"]: s for s in matter["steps"]}
    return render_template(
        "evaluation_pages/deliberation.html",
        district=config,
        matter=matter,
        recorded=recorded,
        units=_unit_names(config),
        steps=STEPS,
        progress=PROGRESS,
    )
