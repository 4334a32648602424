"""GET /api/v1/districts/<district>/visit-rates: grid visit (走访) figures per grid, community, street or
person, for a week or a month, with coverage over a rolling window (``window`` days, default 30) and
知晓率; ``street`` keeps one street's grids, communities and people. The aggregate levels are public
like the other rates; the person level (named staff and who is below their duty) needs a token of the
district. Also the grids nobody visited for 30 days and the monthly 民情信息 report of a street."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, request

from minqing_kit.auth import bearer_token
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.requests import int_query, parse_date, parse_month
from minqing_kit.response_models import answer

from .. import grid_oversight, grid_reports, visits
from ..current import local_today, runtime
from ..domain import grid_checks
from ..domain.visit_rates import LEVELS
from .answers.visits import GridReport, UnvisitedGrids, VisitRates
from .common import known_district

blueprint = Blueprint("visits", __name__, url_prefix="/api/v1/districts/<district>")
blueprint.before_request(known_district)
PERIODS = ("week", "month")


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name) or default
    if value not in choices:
        raise invalid([FieldError(name, f"must be one of {list(choices)}", f"须为{'、'.join(choices)}之一")])
    return value


def period(today: date) -> tuple[str, tuple[date, date]]:
    """``period=month&month=YYYY-MM`` (default this month) or ``period=week&week=YYYY-MM-DD`` (the
    Monday-to-Sunday week holding that day; default this week)."""
    kind = _choice("period", PERIODS, "month")
    day = parse_date("week", request.args["week"]) if request.args.get("week") else today
    first = parse_month("month", request.args["month"]) if request.args.get("month") else today.replace(day=1)
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return kind, (monday, monday + timedelta(days=6))
    return kind, (first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


def _staff_of(district: str) -> None:
    principal = runtime().verifier.verify(bearer_token())
    if principal.district != district:
        raise ApiError(403, "other_district", "your token is for another district", "无权访问其他区的数据")


@blueprint.get("/visit-rates")
def visit_rates(district: str):
    level = _choice("level", LEVELS, "grid")
    today = local_today(district)
    kind, span = period(today)
    if level == "person":
        _staff_of(district)
    street = request.args.get("street") or None
    if street and street not in {s.id for s in runtime().districts[district].streets}:
        raise ApiError(404, "unknown_street", "the district has no such street", "本区无此街道")
    window = int_query("window", visits.COVERAGE_DAYS, 1, 366)
    report = visits.visit_report(runtime(), district, span, level, today, kind == "month", street, window)
    return answer(VisitRates, {"period": kind, **report})


@blueprint.get("/unvisited-grids")
def unvisited_grids(district: str):
    """Grids nobody visited for ``days`` (default 30) local days: the supervisors' oversight list."""
    days = int_query("days", grid_checks.UNVISITED_DAYS, 1, 366)
    return answer(UnvisitedGrids, grid_oversight.unvisited_grids(runtime(), district, local_today(district), days))


@blueprint.get("/grid-reports/<street>")
def grid_report(district: str, street: str):
    """The month's 民情信息 report of a street and its communities, as JSON or ``format=csv``."""
    today = local_today(district)
    first = parse_month("month", request.args["month"]) if request.args.get("month") else today.replace(day=1)
    report = grid_reports.build(runtime(), district, street, first)
    if _choice("format", ("json", "csv"), "json") == "csv":
        name = f"minqing-{district}-{street}-{report['month']}.csv"
        return Response(
            grid_reports.as_csv(report),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return answer(GridReport, report)
