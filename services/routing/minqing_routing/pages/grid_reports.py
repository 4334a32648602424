"""The grid worker's 民情日记 (GET /workbench/grid/diary?date=, the day's visits as intake recorded them, each
filed case with where it stands now) and
quota (GET /workbench/grid/quota: the district's visit duties of the person's team roles beside what
evaluation counted this week and this month; the definitions are evaluation's, shown with the figures)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import g, render_template, request

from minqing_contracts.tracking import STATUS_LABELS
from minqing_kit.errors import ApiError
from minqing_kit.requests import parse_date

from .. import grid_work
from ..current import runtime
from ..peers import PeerRefused, PeerUnavailable
from .common import blueprint, common_context, signed_in
from .grid import OUTCOMES, district_config, grid_places, token, unavailable

DUTY_NAMES = {
    "days_per_week": ("每周走访天数", "week", "visit_days"),
    "households_per_month": ("每月走访户数", "month", "households_visited"),
    "group_visits_per_month": ("每月到组调研次数", "month", "group_visits"),
}
RATINGS = {
    "satisfied": "居民满意",
    "basically_satisfied": "居民基本满意",
    "not_satisfied": "居民不满意",
    "unclear": "居民说不清",
    "no_answer": "回访未获评价",
}
ROLE_NAMES = {
    "grid_leader": "网格长",
    "grid_worker": "网格员",
    "party_member": "联户党员",
    "messenger": "民情信使",
    "community_cadre": "社区片长",
    "station_cadre": "驻站干部",
}


@blueprint.get("/grid/diary")
@signed_in
def grid_diary():
    tz = ZoneInfo(district_config().timezone)
    day = parse_date("date", request.args["date"]) if request.args.get("date") else datetime.now(tz).date()
    person = request.args.get("person") or g.principal.person_id
    try:
        found = grid_work.diary(runtime().settings, token(), person, day)
    except PeerUnavailable:
        return unavailable("routing_pages/grid_diary.html", day=day, found=None)
    except PeerRefused as refused:
        raise ApiError(404, "not_found", "no diary of that person for you", "无权查看该人员的民情日记") from refused
    grids, buildings = grid_places()
    for visit in found["visits"]:
        visit["local_time"] = datetime.fromisoformat(visit["visited_at"]).astimezone(tz).strftime("%H:%M")
        visit["grid_name"] = grids[visit["grid_code"]].name if visit["grid_code"] in grids else visit["grid_code"]
    return render_template(
        "routing_pages/grid_diary.html",
        day=day,
        found=found,
        buildings=buildings,
        outcomes=OUTCOMES,
        case_status=STATUS_LABELS,
        ratings=RATINGS,
        recorded=request.args.get("recorded"),
        person_name=next((p.name for p in district_config().people if p.id == person), person),
        own=person == g.principal.person_id,
        down=None,
        **common_context(),
    )


def _mine(report: dict) -> dict:
    return next((r for r in report["rates"] if r["subject"] == g.principal.person_id), {})


@blueprint.get("/grid/quota")
@signed_in
def grid_quota():
    config, settings, me = district_config(), runtime().settings, g.principal.person_id
    duties = grid_work.duties_of(config, me)
    try:
        reports = {
            period: grid_work.visit_rates(settings, token(), config.code, level="person", period=period)
            for period in ("week", "month")
        }
    except (PeerUnavailable, PeerRefused):
        return unavailable("routing_pages/grid_quota.html", rows=[], duties=duties, figures=None, flags=[])
    figures = {period: _mine(report) for period, report in reports.items()}
    rows = [
        {"role": ROLE_NAMES.get(role, role), "name": name, "needed": needed, "had": figures[period].get(field, 0)}
        for role, duty in duties.items()
        for key, (name, period, field) in DUTY_NAMES.items()
        if (needed := getattr(duty, key))
    ]
    flags = [f for f in reports["month"].get("below_duty", []) if f["person"] == me]
    return render_template(
        "routing_pages/grid_quota.html",
        rows=rows,
        duties=duties,
        figures=figures,
        reports=reports,
        flags=flags,
        duty_names=DUTY_NAMES,
        down=None,
        **common_context(),
    )
