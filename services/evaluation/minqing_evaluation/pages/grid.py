"""GET /grid-report/<district>/<street>?month=YYYY-MM: the month's 民情信息 report of a street and its
communities as a page (its CSV is the API's ``format=csv``)."""

from __future__ import annotations

from flask import render_template, request

from minqing_kit.requests import parse_month

from .. import grid_reports, stats
from ..current import local_today, runtime
from .common import blueprint


@blueprint.get("/grid-report/<district>/<street>")
def grid_report(district: str, street: str):
    config = stats.district_config(runtime(), district)
    text = request.args.get("month")
    first = parse_month("month", text) if text else local_today(district).replace(day=1)
    report = grid_reports.build(runtime(), district, street, first)
    categories = {c.code: c.name for c in config.categories}
    return render_template("evaluation_pages/grid_report.html", district=config, report=report, categories=categories)
