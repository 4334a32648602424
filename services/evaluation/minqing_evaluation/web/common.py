"""Helpers the blueprints share: the runtime, JSON bodies, dates from the query string, auth."""
from __future__ import annotations

from datetime import date, timedelta

from flask import g, request
from minqing_kit.auth import authenticated
from minqing_kit.errors import ApiError, FieldError, invalid

from ..current import runtime


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", "the body must be a JSON object", "请求体须为JSON对象")
    return body


def requires(*roles: str):
    return authenticated(lambda: runtime().verifier, *roles)


def in_district(district: str) -> None:
    """Per-case and administrative data only for a token of the same district."""
    if g.principal.district != district:
        raise ApiError(403, "other_district", "your token is for another district", "无权访问其他区的数据")


def _date(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid([FieldError(name, "must be a date YYYY-MM-DD", "须为YYYY-MM-DD格式的日期")]) from None


def date_range(today: date) -> tuple[date, date]:
    """``?month=YYYY-MM`` or ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (inclusive); default: this month."""
    month = request.args.get("month")
    if month:
        start = _date("month", f"{month}-01")
        return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start = request.args.get("from")
    end = request.args.get("to")
    if not start and not end:
        start_day = today.replace(day=1)
        return start_day, (start_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start_day = _date("from", start) if start else date(2000, 1, 1)
    end_day = _date("to", end) if end else today
    if end_day < start_day:
        raise invalid([FieldError("to", "must not be before from", "结束日期不得早于开始日期")])
    return start_day, end_day
