"""GET /review/<district>/<scope>?date=YYYY-MM-DD: the daily review (每日一研判) of a street or community,
by default of yesterday (the morning meeting reads the day before). Printable; no resident's data."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template, request

from minqing_kit.requests import parse_date

from .. import daily_review, stats
from ..current import local_today, runtime
from .common import blueprint


@blueprint.get("/review/<district>/<scope>")
def review(district: str, scope: str):
    config = stats.district_config(runtime(), district)
    text = request.args.get("date")
    day = parse_date("date", text) if text else local_today(district) - timedelta(days=1)
    body = daily_review.build(runtime(), district, scope, day)
    return render_template(
        "evaluation_pages/review.html",
        district=config,
        review=body,
        sections=daily_review.SECTIONS,
        categories={c.code: c.name for c in config.categories},
        previous=(day - timedelta(days=1)).isoformat(),
        following=(day + timedelta(days=1)).isoformat(),
    )
