"""The grid worker's phone pages (网格走访), GET /workbench/grid: today's households to visit (least recently
visited first, the flags a visit must know, no names or phones), and GET/POST /workbench/grid/visit, the
visit form (households, time, the matters heard: each a case, resolved on the spot or an opinion).

Intake owns households and visits: these pages read and record them through its API with the person's
own token (``grid_work``), as the notices page reads notify's inbox. The form works without JavaScript;
``static/grid_visit.js`` keeps what was typed while the network is down and sends it when it returns,
under the visit's one ``Idempotency-Key`` (the hidden ``visit_key``), so a replay records nothing twice."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError

from .. import grid_work
from ..current import runtime
from ..peers import PeerRefused, PeerUnavailable
from .common import COOKIE, blueprint, common_context, signed_in

FLAG_NAMES = {"elderly_alone": "独居老人", "disability": "残疾", "low_income": "低保/低收入", "rented": "租户"}
OUTCOMES = {"case": "立案转办", "resolved": "当场解决", "opinion": "意见建议"}
MATTER_ROWS = 3
FIELD_LABELS = {  # intake's field paths -> (the form's label, the control's id), for the error summary
    "households": ("走访的住户", "visit-form"),
    "visited_at": ("走访时间", "visited_at"),
    **{
        f"matters[{i}].{name}": (f"事项 {i + 1}{label}", f"matter-{i}-{control}")
        for i in range(MATTER_ROWS)
        for name, label, control in (
            ("content", "内容", "content"),
            ("outcome", "处理方式", "outcome"),
            ("household_id", "哪一户", "household_id"),
            ("category", "类别", "category"),
        )
    },
}
DOWN = "暂时连不上诉求受理服务,请稍后再试;已填写的内容仍在本页。"
DOWN_ERROR = {"message_zh": DOWN, "message": "intake does not answer: try again later; what you typed is still here"}


def token() -> str:
    return request.cookies.get(COOKIE, "")


def district_config():
    return runtime().districts[g.principal.district].config


def grid_places() -> tuple[dict, dict]:
    """(grid code -> grid, building id -> address) of the signed-in person's district."""
    grids = {gr.code: gr for s in district_config().streets for c in s.communities for gr in c.grids}
    return grids, {b.id: b.address for gr in grids.values() for b in gr.buildings}


def to_visit_order(households: list[dict], today: date) -> list[dict]:
    """Never visited first, then the longest since the last visit; within a day by place. Each household
    gets ``days`` since its last visit (None: never)."""
    for h in households:
        last = h["last_visited_on"]
        h["days"] = (today - date.fromisoformat(last)).days if last else None
    place = lambda h: (h["building_id"], h["unit"] or "", h["door"] or "")  # noqa: E731
    return sorted(households, key=lambda h: (h["days"] is not None, -(h["days"] or 0), *place(h)))


def unavailable(template: str, **context):
    return render_template(template, down=DOWN, **common_context(), **context), 503


@blueprint.get("/grid")
@signed_in
def grid_today():
    try:
        found = grid_work.households(runtime().settings, token())
    except PeerUnavailable:
        return unavailable("routing_pages/grid_today.html", sections=[])
    grids, buildings = grid_places()
    today = datetime.now(ZoneInfo(district_config().timezone)).date()
    sections = []
    for code in found["grids"]:
        mine = to_visit_order([h for h in found["households"] if h["grid_code"] == code], today)
        sections.append({"code": code, "name": grids[code].name if code in grids else code, "households": mine})
    return render_template(
        "routing_pages/grid_today.html",
        sections=sections,
        buildings=buildings,
        flags=FLAG_NAMES,
        down=None,
        **common_context(),
    )


def _visit_page(grid: str, values: dict, error: dict | None = None, status: int = 200):
    try:
        found = grid_work.households(runtime().settings, token(), grid)
    except PeerUnavailable:
        found, error, status = {"grids": [grid], "households": []}, DOWN_ERROR, 503
    if grid not in found["grids"]:
        raise ApiError(404, "not_found", "not a grid of yours", "该网格不归您负责")
    grids, buildings = grid_places()
    return render_template(
        "routing_pages/grid_visit.html",
        grid=grids.get(grid),
        grid_code=grid,
        households=found["households"],
        buildings=buildings,
        flags=FLAG_NAMES,
        outcomes=OUTCOMES,
        categories=district_config().categories,
        values=values,
        rows=range(MATTER_ROWS),
        error=error,
        labels=FIELD_LABELS,
        **common_context(),
    ), status


@blueprint.get("/grid/visit")
@signed_in
def visit_form():
    tz = ZoneInfo(district_config().timezone)
    now = datetime.now(tz).replace(second=0, microsecond=0)
    values = {
        "visit_key": str(uuid.uuid4()),
        "visited_at": now.strftime("%Y-%m-%dT%H:%M"),
        "households": request.args.getlist("households"),
    }
    return _visit_page(request.args.get("grid", ""), values)


def visit_from_form(form, district: str, tz: ZoneInfo) -> dict:
    """The visit as intake's API takes it, from the form's fields (empty matter rows left out)."""
    raw = form.get("visited_at", "")
    try:
        visited = datetime.fromisoformat(raw).replace(tzinfo=tz).isoformat()
    except ValueError:
        visited = raw  # intake answers which field is wrong
    matters = []
    for i in range(MATTER_ROWS):
        content = (form.get(f"matter-{i}-content") or "").strip()
        if content:
            matter = {"outcome": form.get(f"matter-{i}-outcome", ""), "content": content}
            matter.update(
                {k: form[f"matter-{i}-{k}"] for k in ("household_id", "category") if form.get(f"matter-{i}-{k}")}
            )
            matters.append(
                {
                    **matter,
                    "urgent": form.get(f"matter-{i}-urgent") == "yes",
                    "public": form.get(f"matter-{i}-public") == "yes",  # 不公开 unless 公开 is ticked
                }
            )
    return {
        "district": district,
        "grid_code": form.get("grid_code", ""),
        "visited_at": visited,
        "households": form.getlist("households"),
        "matters": matters,
    }


@blueprint.post("/grid/visit")
@signed_in
def visit_record():
    form, config = request.form, district_config()
    visit = visit_from_form(form, config.code, ZoneInfo(config.timezone))
    key = (form.get("visit_key") or "").strip()[:200]
    values = {**form.to_dict(), "households": form.getlist("households")}
    try:
        done = grid_work.record_visit(runtime().settings, token(), visit, key)
    except PeerRefused as refused:
        error = refused.body.get("error") or {"message_zh": "走访未能记录", "message": "the visit was not recorded"}
        return _visit_page(
            visit["grid_code"], values, error, refused.status if refused.status in (403, 409, 422) else 422
        )
    except PeerUnavailable:
        return _visit_page(visit["grid_code"], values, DOWN_ERROR, 503)
    return redirect(url_for("routing_pages.grid_diary", date=done["local_date"], recorded=done["visit_id"]), 303)
