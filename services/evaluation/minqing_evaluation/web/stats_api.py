"""Public rates, rankings and reports of a district."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import FieldError, invalid
from minqing_kit.requests import parse_date, parse_month
from minqing_kit.response_models import answer

from .. import bounces, recurring_problems, reports, stats
from ..current import local_today, runtime
from ..domain.recurring import ORDERS
from .answers.stats import Bounces, DistrictRates, Ranking, RecurringProblems, Report
from .common import date_range, known_district

blueprint = Blueprint("stats", __name__, url_prefix="/api/v1/districts/<district>")
blueprint.before_request(known_district)


def _level() -> str | None:
    level = request.args.get("level")
    if level is not None and level not in stats.LEVELS:
        raise invalid([FieldError("level", f"must be one of {list(stats.LEVELS)}", "层级须为社区、街道或部门")])
    return level


@blueprint.get("/rates")
def rates(district: str):
    start, end = date_range(local_today(district))
    return answer(DistrictRates, stats.unit_rates(runtime(), district, start, end, _level(), request.args.get("unit")))


@blueprint.get("/rankings")
def rankings(district: str):
    start, end = date_range(local_today(district))
    found = stats.ranking(runtime(), district, start, end, _level() or "community", request.args.get("parent"))
    return answer(Ranking, found)


@blueprint.get("/bounces")
def bounce_accounting(district: str):
    """Returns over dispatches received, time to accept and rulings per unit and ``?period=day|month``."""
    start, end = date_range(local_today(district))
    period = request.args.get("period") or "month"
    return answer(Bounces, bounces.report(runtime(), district, start, end, period, request.args.get("unit")))


@blueprint.get("/reports/<kind>")
def report(district: str, kind: str):
    """The stored report of the period containing ``?date=`` (default today), else built now."""
    day = parse_date("date", request.args["date"]) if request.args.get("date") else local_today(district)
    start, _ = reports.period(kind, day)
    body = reports.stored(runtime(), district, kind, start)
    return answer(Report, body or reports.build(runtime(), district, kind, day))


@blueprint.get("/recurring-problems")
def recurring(district: str):
    """The month's recurring problems (``?month=``, default this month), by ``?order=size|growth|spread``."""
    month = request.args.get("month")
    first = parse_month("month", month) if month else local_today(district).replace(day=1)
    order = request.args.get("order") or "size"
    if order not in ORDERS:
        raise invalid([FieldError("order", f"must be one of {list(ORDERS)}", "排序须为规模、增长或分布")])
    return answer(RecurringProblems, recurring_problems.find(runtime(), district, first, order))
