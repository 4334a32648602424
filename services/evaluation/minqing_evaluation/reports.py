"""Reports on a rhythm (每日一研判、每周一通报、每月一总结): daily summary, weekly bulletin, monthly
summary per district, written by the scheduler for the last complete period and built on demand. The
month's recurring problems are ``recurring_problems`` (their own API, the dashboard), not a report's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from minqing_kit.errors import ApiError
from minqing_kit.statements import insert_ignoring_duplicates

from . import stats
from .adapters.tables import reports
from .bootstrap import Runtime
from .domain import orgtree
from .domain.facts import OWNED_SUBJECT
from .domain.rates import RATES, rates

KINDS = ("daily", "weekly", "monthly")


def period(kind: str, day: date) -> tuple[date, date]:
    """The period of ``kind`` that contains ``day``: the day, its Monday–Sunday week, its month."""
    if kind == "daily":
        return day, day
    if kind == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if kind == "monthly":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    raise ApiError(422, "invalid", f"kind must be one of {list(KINDS)}", "报告类型须为日报、周报或月报")


def build(runtime: Runtime, district: str, kind: str, day: date) -> dict:
    start, end = period(kind, day)
    config = stats.district_config(runtime, district)
    totals = stats.summed(runtime, district, start, end)
    units = orgtree.units(config)
    by_prefix: dict[str, dict[str, int]] = defaultdict(dict)
    district_counts: dict[str, int] = defaultdict(int)
    overdue, owned = [], {}
    for subject, metrics in totals.items():
        prefix, _, name = subject.partition(":")
        if subject == OWNED_SUBJECT:
            owned = metrics
            continue
        if name:
            by_prefix[prefix][name] = sum(metrics.values())
            continue
        for metric, n in metrics.items():
            district_counts[metric] += n
        late = metrics.get("supervised", 0) + metrics.get("resolved", 0) - metrics.get("resolved_on_time", 0)
        if late:
            overdue.append(
                {
                    "unit_id": subject,
                    "unit_name": units[subject].name if subject in units else subject,
                    "supervised": metrics.get("supervised", 0),
                    "resolved_late": metrics.get("resolved", 0) - metrics.get("resolved_on_time", 0),
                }
            )
    return {
        "district": district,
        "kind": kind,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "received": sum(by_prefix["category"].values()),
        "by_category": dict(by_prefix["category"]),
        "by_channel": dict(by_prefix["channel"]),
        "by_type": dict(by_prefix["type"]),  # 诉求类型: a case filed without one is in no type
        "dispatched_by_level": dict(by_prefix["level"]),
        "counts": dict(district_counts),
        "rates": rates(district_counts),
        "owned": owned_figures(owned),
        "overdue": sorted(overdue, key=lambda o: -(o["supervised"] + o["resolved_late"])),
    }


def owned_figures(counts: dict[str, int]) -> dict:
    """包案 cases counted apart: how many leaders took, their counts and rates, each with its formula."""
    return {
        "cases": counts.get("received", 0),  # taken into 包案 in the period
        "counts": dict(counts),
        "rates": rates(counts),
        "formulas": {name: f"{top} / {bottom}" for name, (top, bottom, _) in RATES.items()},
    }


def last_complete(kind: str, today: date) -> date:
    """A day inside the last period of ``kind`` that ended before ``today``."""
    if kind == "daily":
        return today - timedelta(days=1)
    if kind == "weekly":
        return today - timedelta(days=today.weekday() + 1)
    return today.replace(day=1) - timedelta(days=1)


def write_due(runtime: Runtime) -> int:
    """Store the last complete daily, weekly and monthly report of every district, once."""
    written = 0
    for district in runtime.districts:
        today = runtime.clock().astimezone(runtime.tz(district)).date()
        for kind in KINDS:
            start, end = period(kind, last_complete(kind, today))
            if stored(runtime, district, kind, start) is not None:
                continue
            body = build(runtime, district, kind, start)
            with runtime.db.transaction() as session:
                done = session.execute(
                    insert_ignoring_duplicates(session, reports)
                    .values(
                        district=district,
                        kind=kind,
                        period_start=start,
                        period_end=end,
                        body=body,
                        created_at=runtime.clock(),
                    )
                    .returning(reports.c.kind)
                )
                written += done.first() is not None
    return written


def stored(runtime: Runtime, district: str, kind: str, start: date) -> dict | None:
    with runtime.read_db.engine.connect() as connection:
        return connection.execute(
            select(reports.c.body).where(
                reports.c.district == district, reports.c.kind == kind, reports.c.period_start == start
            )
        ).scalar()
