"""GET /dashboard (district list), /dashboard/<district>?month=YYYY-MM, /board/<district>?quarter=,
and /static/vendor/echarts.min.js (from web/node_modules, installed from the npm registry)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, redirect, render_template, request, send_file, url_for

from minqing_kit.errors import ApiError
from minqing_kit.requests import parse_month

from .. import grid_oversight, notices, recurring_problems, stats
from ..current import local_today, runtime
from . import (  # noqa: F401  (registers the rating, report, theme and staff views)
    annual_reviews,
    grid,
    meetings,
    rating,
    review,
    staff,
    staff_courtyard_edits,
    staff_meetings,
    staff_paper_ballots,
    staff_proxy,
    staff_reviews,
    staff_themes,
    summary,
    themes,
    units,
)
from .common import CHANNEL_NAMES, LABELS, LEVEL_NAMES, RATE_NAMES, blueprint, resident_error
from .figures import dashboard, heat_shapes, month_bounds

ROOT = Path(__file__).resolve().parents[4]


def echarts_file() -> Path:
    return Path(runtime().settings.ECHARTS_JS or ROOT / "web" / "node_modules" / "echarts" / "dist" / "echarts.min.js")


@blueprint.get("/static/vendor/echarts.min.js")
def echarts():
    path = echarts_file()
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/javascript", max_age=86400)


def _month(district: str) -> date:
    text = request.args.get("month")
    if not text:
        return local_today(district).replace(day=1)
    return parse_month("month", text)


@blueprint.get("/dashboard")
def districts():
    found = sorted(runtime().districts.values(), key=lambda d: d.code)
    if len(found) == 1:
        return redirect(url_for(".district_dashboard", district=found[0].code))
    return render_template("evaluation_pages/districts.html", districts=found)


@blueprint.get("/dashboard/<district>")
def district_dashboard(district: str):
    config = stats.district_config(runtime(), district)
    first = _month(district)
    data = dashboard(runtime(), district, *month_bounds(first))
    return render_template(
        "evaluation_pages/dashboard.html",
        district=config,
        month=first.strftime("%Y-%m"),
        data=data,
        maps=heat_shapes(data["heat"]),
        rate_names=RATE_NAMES,
        level_names=LEVEL_NAMES,
        channel_names=CHANNEL_NAMES,
        charts=_chart_data(data),
        has_echarts=echarts_file().is_file(),
        unvisited=grid_oversight.unvisited_grids(runtime(), district, local_today(district)),
        recurring=recurring_problems.find(runtime(), district, first, limit=5)["problems"],
        names={c.id: c.name for s in config.streets for c in s.communities},
    )


def _chart_data(data: dict) -> dict:
    return {
        "trend": data["trend"],
        "by_category": data["by_category"],
        "by_channel": [[CHANNEL_NAMES.get(k, k), n] for k, n in data["by_channel"]],
        "overdue": [
            [LEVEL_NAMES.get(o["level"], o["level"]), o["supervised"], o["resolved_late"]] for o in data["overdue"]
        ],
    }


def _quarter(district: str) -> str:
    text = request.args.get("quarter")
    if text:
        return text
    today = local_today(district)
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


@blueprint.get("/board/<district>")
def board(district: str):
    """公示: the matters closed in a quarter with unit, measures, result and ratings; no resident data."""
    try:
        config = stats.district_config(runtime(), district)
    except ApiError as error:
        return resident_error(error)
    quarter = _quarter(district)
    items = notices.matters(runtime(), district, quarter)
    return render_template("evaluation_pages/board.html", district=config, quarter=quarter, items=items, labels=LABELS)
