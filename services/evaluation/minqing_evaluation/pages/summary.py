"""GET /summary/<district>?month=YYYY-MM: the monthly summary (每月一总结) of the district, its streets and
communities with the three rates and the themes; printable, with CSV and XLSX downloads."""

from __future__ import annotations

from flask import render_template, request

from minqing_kit.requests import parse_month

from .. import monthly_summary, stats
from ..current import local_today, runtime
from .common import blueprint


@blueprint.get("/summary/<district>")
def summary(district: str):
    config = stats.district_config(runtime(), district)
    text = request.args.get("month")
    month = parse_month("month", text) if text else local_today(district).replace(day=1)
    return render_template(
        "evaluation_pages/summary.html",
        district=config,
        summary=monthly_summary.build(runtime(), district, month),
        rate_names=monthly_summary.RATE_NAMES,
        level_names=monthly_summary.LEVEL_NAMES,
    )
