"""Helpers the blueprints share: the runtime, dates from the query string, auth."""

from __future__ import annotations

from datetime import date, timedelta

from flask import g, request

from minqing_kit.auth import authenticated
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.requests import parse_date, parse_month

from .. import stats
from ..current import runtime


def requires(*roles: str):
    return authenticated(lambda: runtime().verifier, *roles)


def in_district(district: str) -> None:
    """Per-case and administrative data only for a token of the same district."""
    if g.principal.district != district:
        raise ApiError(403, "other_district", "your token is for another district", "无权访问其他区的数据")


def known_district() -> None:
    """before_request of blueprints whose URLs name a district: 404 for a district we do not serve."""
    district = (request.view_args or {}).get("district")
    if district is not None:
        stats.district_config(runtime(), district)


def date_range(today: date) -> tuple[date, date]:
    """``?month=YYYY-MM`` or ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (inclusive); default: this month. A month
    given wins over from and to, which must still be days (422 otherwise, as the document says)."""
    month = request.args.get("month")
    start = request.args.get("from")
    end = request.args.get("to")
    if month:
        for name, given in (("from", start), ("to", end)):
            if given:
                parse_date(name, given)
        first = parse_month("month", month)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if not start and not end:
        start_day = today.replace(day=1)
        return start_day, (start_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start_day = parse_date("from", start) if start else date(2000, 1, 1)
    end_day = parse_date("to", end) if end else today
    if end_day < start_day:
        raise invalid([FieldError("to", "must not be before from", "结束日期不得早于开始日期")])
    return start_day, end_day
