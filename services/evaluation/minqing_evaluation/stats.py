"""Rates and rankings read from the pre-aggregated counters (``unit_day_counts``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from minqing_kit.errors import ApiError, FieldError

from . import bounces
from .adapters.tables import METRICS, unit_day_counts as day_counts, unit_month_counts as month_counts
from .bootstrap import Runtime
from .domain import orgtree
from .domain.bounces import UnitPeriod
from .domain.rates import Row, composite, rank, rates

LEVELS = ("community", "street", "department")


def month_spans(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """Whole months inside [start, end] (their first days) and the day ranges left at either edge."""
    first = start if start.day == 1 else _next_month(start)
    months, cursor = [], first
    while _next_month(cursor) - timedelta(days=1) <= end:
        months.append(cursor)
        cursor = _next_month(cursor)
    if not months:
        return [], [(start, end)]
    edges = [(start, months[0] - timedelta(days=1)), (cursor, end)]
    return months, [(a, b) for a, b in edges if a <= b]


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def summed(runtime: Runtime, district: str, start: date, end: date, subjects: list[str] | None = None) -> dict:
    """subject -> metric -> sum over [start, end] (local days, inclusive): whole months from the
    monthly roll-up, the edges from the day counters."""
    months, edges = month_spans(start, end)
    queries = []
    if months:
        queries.append(_sum_query(month_counts, district, subjects, month_counts.c.day.in_(months)))
    for first, last in edges:
        queries.append(_sum_query(day_counts, district, subjects, day_counts.c.day.between(first, last)))
    found: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    with runtime.read_db.engine.connect() as connection:
        for query in queries:
            for row in connection.execute(query):
                totals = found[row.subject]
                for metric in METRICS:
                    totals[metric] += int(row._mapping[metric] or 0)
    return {subject: {m: n for m, n in totals.items() if n} for subject, totals in found.items()}


def _sum_query(table, district: str, subjects, when):
    query = (
        select(table.c.subject, *(func.sum(table.c[m]).label(m) for m in METRICS))
        .where(table.c.district == district, when)
        .group_by(table.c.subject)
    )
    return query.where(table.c.subject.in_(subjects)) if subjects is not None else query


def district_config(runtime: Runtime, district: str):
    config = runtime.districts.get(district)
    if config is None:
        raise ApiError(
            404,
            "not_found",
            f"no district {district}",
            f"未找到区{district}",
            [FieldError("district", f"no district {district}", f"未找到区{district}")],
        )
    return config


def unit_rates(
    runtime: Runtime, district: str, start: date, end: date, level: str | None = None, unit_id: str | None = None
) -> dict:
    config = district_config(runtime, district)
    units = orgtree.units(config)
    chosen = [
        u for u in units.values() if (unit_id is None or u.unit_id == unit_id) and (level is None or u.level == level)
    ]
    if unit_id is not None and not chosen:
        raise ApiError(404, "unknown_unit", f"no unit {unit_id} in {district}", f"本区无单位{unit_id}")
    totals = summed(runtime, district, start, end, [u.unit_id for u in chosen])
    weights = runtime.settings.composite_weights
    items = []
    for unit in chosen:
        found = rates(totals.get(unit.unit_id, {}))
        items.append(
            {
                "unit_id": unit.unit_id,
                "unit_name": unit.name,
                "level": unit.level,
                "parent": unit.parent,
                "counts": totals.get(unit.unit_id, {}),
                "rates": found,
                "score": composite(found, weights),
            }
        )
    return {"district": district, "from": start.isoformat(), "to": end.isoformat(), "weights": weights, "units": items}


def ranking(
    runtime: Runtime,
    district: str,
    start: date,
    end: date,
    level: str,
    parent: str | None,
    bounced: dict[str, dict] | None = None,
) -> dict:
    """Peer units ranked; ``bounced``: the bounce figures of the range (``bounces.per_unit``) when the
    caller ranks several levels at once and read them once."""
    if level not in LEVELS:
        raise ApiError(422, "invalid", f"level must be one of {list(LEVELS)}", "层级须为社区、街道或部门")
    config = district_config(runtime, district)
    peers = orgtree.peers(config, level, parent)
    totals = summed(runtime, district, start, end, [u.unit_id for u in peers])
    weights = runtime.settings.composite_weights
    rows = []
    for unit in peers:
        unit_counts = totals.get(unit.unit_id, {})
        found = rates(unit_counts)
        rows.append(
            Row(
                unit.unit_id,
                unit.name,
                unit_counts,
                found,
                composite(found, weights),
                sample=unit_counts.get("rated", 0),
            )
        )
    min_sample = config.evaluation.min_sample
    if bounced is None:
        bounced = bounces.per_unit(runtime, district, start, end)
    return {
        "district": district,
        "level": level,
        "parent": parent,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "min_sample": min_sample,
        "weights": weights,
        "rows": [
            {
                "rank": r.rank,
                "status": r.status,
                "unit_id": r.unit_id,
                "unit_name": r.unit_name,
                "score": r.score,
                "sample": r.sample,
                "rates": r.rates,
                "bounces": _bounce_figures(bounced.get(r.unit_id)),
            }
            for r in rank(rows, min_sample)
        ],
    }


def _bounce_figures(row: dict | None) -> dict:
    """A ranking row's bounce column (推诿): returns over dispatches received, time to accept, rulings."""
    found = row or UnitPeriod("", date.min).as_dict()
    return {k: found[k] for k in ("received", "returns", "bounce_rate", "accept_p50", "accept_p90", "rulings")}
