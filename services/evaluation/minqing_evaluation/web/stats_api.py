"""Public rates, rankings and reports of a district."""
from __future__ import annotations

from flask import Blueprint, request

from .. import reports, stats
from ..current import local_today, runtime
from .common import _date, date_range

blueprint = Blueprint("stats", __name__, url_prefix="/api/v1/districts/<district>")


@blueprint.get("/rates")
def rates(district: str):
    start, end = date_range(local_today(district))
    return stats.unit_rates(runtime(), district, start, end, request.args.get("level"), request.args.get("unit"))


@blueprint.get("/rankings")
def rankings(district: str):
    start, end = date_range(local_today(district))
    return stats.ranking(runtime(), district, start, end, request.args.get("level", "community"),
                         request.args.get("parent"))


@blueprint.get("/reports/<kind>")
def report(district: str, kind: str):
    """The stored report of the period containing ``?date=`` (default today), else built now."""
    day = _date("date", request.args["date"]) if request.args.get("date") else local_today(district)
    start, _ = reports.period(kind, day)
    stats.district_config(runtime(), district)
    body = reports.stored(runtime(), district, kind, start)
    return body or reports.build(runtime(), district, kind, day)
