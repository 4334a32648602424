"""Bounce accounting read from the kept facts: dispatches, returns, acceptances and rulings of a
district's cases in a range of local days, per unit and day or month (``domain/bounces.py``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from minqing_kit.errors import ApiError, FieldError, invalid

from .adapters.tables import cases, facts
from .bootstrap import Runtime
from .domain import bounces, orgtree
from .domain.facts import Fact

FIELDS = ("unit_id", "reason", "reason_code", "seconds_to_accept")  # all the rules read of a payload


def unit_periods(runtime: Runtime, district: str, start: date, end: date, period: str) -> list[bounces.UnitPeriod]:
    tz = runtime.tz(district)
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    data = facts.c.data
    fields = [*(data[k].as_string() for k in FIELDS[:3]), data[FIELDS[3]].as_integer()]
    query = (
        select(facts.c.event_id, facts.c.event_type, facts.c.occurred_at, *fields)
        .join(cases, cases.c.case_id == facts.c.case_id)
        .where(
            cases.c.district == district,
            facts.c.event_type.in_(bounces.EVENT_TYPES),
            facts.c.occurred_at >= since,
            facts.c.occurred_at < until,
        )
    )
    with runtime.read_db.engine.connect() as connection:
        found = [Fact(r[0], r[1], r[2], dict(zip(FIELDS, r[3:], strict=True))) for r in connection.execute(query)]
    return bounces.account(found, tz, period)


def report(runtime: Runtime, district: str, start: date, end: date, period: str, unit_id: str | None) -> dict:
    """``GET /districts/{d}/bounces``: one row per unit and period with its counts and denominators."""
    if period not in bounces.PERIODS:
        raise invalid([FieldError("period", f"must be one of {list(bounces.PERIODS)}", "周期须为日或月")])
    units = orgtree.units(runtime.districts[district])  # the view's before_request answered 404 for others
    if unit_id is not None and unit_id not in units:
        raise ApiError(404, "unknown_unit", f"no unit {unit_id} in {district}", f"本区无单位{unit_id}")
    rows = [r for r in unit_periods(runtime, district, start, end, period) if unit_id in (None, r.unit_id)]
    return {
        "district": district,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "period": period,
        "formula": bounces.FORMULA,
        "rows": [{**r.as_dict(), "unit_name": _name(units, r.unit_id)} for r in rows],
    }


def per_unit(runtime: Runtime, district: str, start: date, end: date) -> dict[str, dict]:
    """unit id -> its bounce figures over the whole range, for the rankings and the dashboard."""
    merged = bounces.totals(unit_periods(runtime, district, start, end, "month"))
    return {unit: row.as_dict() for unit, row in merged.items()}


def _name(units: dict, unit_id: str) -> str:
    unit = units.get(unit_id)
    return unit.name if unit else unit_id
