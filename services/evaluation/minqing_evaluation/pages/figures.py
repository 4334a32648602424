"""The dashboard's numbers, read through evaluation's own queries (stats, reports) and tables."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from minqing_contracts.request_types import NO_TYPE_LABEL, REQUEST_TYPE_LABELS
from minqing_kit.svgmap import centre, fit, shade

from .. import bounces, reports, stats
from ..adapters.tables import cases
from ..bootstrap import Runtime
from ..domain import orgtree
from ..domain.rates import rates

TREND_MONTHS = 6


def month_bounds(first: date) -> tuple[date, date]:
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def months_back(first: date, count: int) -> list[date]:
    found = [first]
    while len(found) < count:
        found.insert(0, (found[0] - timedelta(days=1)).replace(day=1))
    return found


def trend(runtime: Runtime, district: str, last_month: date) -> list[dict]:
    """The district's three rates per month (over every unit's counters), oldest first."""
    config = stats.district_config(runtime, district)
    unit_ids = list(orgtree.units(config))
    rows = []
    for first in months_back(last_month, TREND_MONTHS):
        totals = stats.summed(runtime, district, *month_bounds(first), unit_ids)
        counts: dict[str, int] = defaultdict(int)
        for metrics in totals.values():
            for metric, n in metrics.items():
                counts[metric] += n
        found = rates(counts)
        rows.append(
            {
                "month": first.strftime("%Y-%m"),
                "dispatched": counts["dispatched"],
                "rated": counts["rated"],
                **{k: found[k] for k in ("response", "resolution", "satisfaction")},
            }
        )
    return rows


def overdue_by_level(runtime: Runtime, district: str, report: dict) -> list[dict]:
    units = orgtree.units(stats.district_config(runtime, district))
    levels: dict[str, dict] = {}
    for item in report["overdue"]:
        level = units[item["unit_id"]].level if item["unit_id"] in units else "other"
        entry = levels.setdefault(level, {"level": level, "supervised": 0, "resolved_late": 0})
        entry["supervised"] += item["supervised"]
        entry["resolved_late"] += item["resolved_late"]
    return sorted(levels.values(), key=lambda e: -(e["supervised"] + e["resolved_late"]))


def heat(runtime: Runtime, district: str, start: date, end: date) -> list[dict]:
    """Per street, its grids with their request counts and polygons ([lon, lat] rings, may be None)."""
    config = stats.district_config(runtime, district)
    tz = runtime.tz(district)
    since, until = (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )
    with runtime.read_db.engine.connect() as connection:
        counts = dict(
            connection.execute(
                select(cases.c.grid_code, func.count())
                .where(cases.c.district == district, cases.c.received_at >= since, cases.c.received_at < until)
                .group_by(cases.c.grid_code)
            ).all()
        )
    streets = []
    for street in config.streets:
        grids = [
            {
                "code": g.code,
                "name": g.name,
                "community": c.name,
                "count": counts.get(g.code, 0),
                "polygon": [list(p) for p in g.polygon] if g.polygon else None,
            }
            for c in street.communities
            for g in c.grids
        ]
        streets.append({"name": street.name, "grids": grids})
    return streets


def dashboard(runtime: Runtime, district: str, start: date, end: date) -> dict:
    report = reports.build(runtime, district, "monthly", start)
    config = stats.district_config(runtime, district)
    categories = {c.code: c.name for c in config.categories}
    bounced = bounces.per_unit(runtime, district, start, end)  # read once for the three rankings
    return {
        "units": [u for u in stats.unit_rates(runtime, district, start, end)["units"] if u["counts"]],
        "trend": trend(runtime, district, start.replace(day=1)),
        "rankings": {
            level: stats.ranking(runtime, district, start, end, level, None, bounced)["rows"]
            for level in ("community", "street", "department")
        },
        "by_category": sorted(
            ((categories.get(k, k), n) for k, n in report["by_category"].items()), key=lambda kv: -kv[1]
        ),
        "by_channel": sorted(report["by_channel"].items(), key=lambda kv: -kv[1]),
        "by_type": by_type(report),
        "dispatched_by_level": report["dispatched_by_level"],
        "overdue": overdue_by_level(runtime, district, report),
        "totals": {"received": report["received"], **report["rates"]},
        "heat": heat(runtime, district, start, end),
    }


def by_type(report: dict) -> list[tuple[str, int]]:
    """诉求类型: each of the five types with its requests, then 未分类, the received cases whose producer did
    not ask one (each received case counts once in a category and at most once in a type)."""
    typed = [(label, report["by_type"].get(code, 0)) for code, label in REQUEST_TYPE_LABELS.items()]
    return [*typed, (NO_TYPE_LABEL, report["received"] - sum(report["by_type"].values()))]


def heat_shapes(streets: list[dict]) -> list[dict]:
    """Each street's grids that have a polygon, fitted into one SVG per street, coloured by count."""
    highest = max((g["count"] for s in streets for g in s["grids"]), default=0)
    drawn = []
    for street in streets:
        shaped = [g for g in street["grids"] if g["polygon"]]
        rings, height = fit([g["polygon"] for g in shaped])
        shapes = [
            {
                **g,
                "points": pts,
                "fill": shade(g["count"], highest),
                "ink": "#ffffff" if highest and g["count"] / highest > 0.5 else "#1a1a1a",
                "label": centre(pts),
            }
            for g, pts in zip(shaped, rings, strict=True)
        ]
        drawn.append(
            {
                "name": street["name"],
                "height": height,
                "shapes": shapes,
                "unmapped": [g for g in street["grids"] if not g["polygon"]],
            }
        )
    return drawn
