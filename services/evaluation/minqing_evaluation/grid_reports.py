"""The monthly 民情信息 report per street and its communities: built on demand for the page, the API
and its CSV, and at month end stored once per street and sent to the street (``visit.report_issued.v1``)."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import VisitReportIssued
from minqing_kit.errors import ApiError
from minqing_kit.statements import insert_ignoring_duplicates

from . import reports, visits
from .adapters.tables import cases
from .adapters.visit_tables import grid_reports, visit_cases, visits as visit_rows
from .bootstrap import Runtime
from .domain import grid_report, visit_rates


def build(runtime: Runtime, district: str, street: str, first: date) -> dict:
    where = visit_rates.tree(runtime.districts[district])
    if street not in set(where.street_of.values()):
        raise ApiError(404, "unknown_street", "the district has no such street", "本区无此街道")
    start, end = reports.period("monthly", first)
    grids = where.grids_of("street", street)
    found = visits.period_visits(runtime, district, start, end, grids)
    query = (
        select(visit_rows.c.grid_code, cases.c.category)
        .join(visit_cases, visit_cases.c.visit_id == visit_rows.c.visit_id)
        .join(cases, cases.c.case_id == visit_cases.c.case_id)
        .where(
            visit_rows.c.district == district,
            visit_rows.c.local_date.between(start, end),
            visit_rows.c.grid_code.in_(sorted(grids)),
            cases.c.category.is_not(None),
        )
    )
    with runtime.db.engine.connect() as connection:
        categories = [(r.grid_code, r.category) for r in connection.execute(query)]
    report = grid_report.monthly(found, categories, where, street)
    return {"district": district, "month": first.strftime("%Y-%m"), **report, "definitions": visit_rates.DEFINITIONS}


def as_csv(report: dict) -> str:
    """One line per community and one for the street, with a BOM so spreadsheet programs read Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["单位", "名称", "户数", "走访户数", "入户率", "意见建议", "就地解决", "走访立案", "已办结", "满意", "主要类别"]
    )
    for row in [*report["communities"], report["street"]]:
        rate = row["entry_rate"]["value"]
        top = "、".join(f"{c['category']}({c['cases']})" for c in row["top_categories"])
        writer.writerow(
            [row["id"], row["name"], row["households"], row["households_visited"], "" if rate is None else rate]
            + [row[k] for k in grid_report.COLUMNS[3:]]
            + [top]
        )
    return "\ufeff" + out.getvalue()


def issue_due(runtime: Runtime) -> int:
    """At month end: store and send every street's report of the month just ended, once."""
    issued = 0
    for district, config in runtime.districts.items():
        today = runtime.clock().astimezone(runtime.tz(district)).date()
        first = reports.last_complete("monthly", today).replace(day=1)
        for street in config.streets:
            if _stored(runtime, district, street.id, first):
                continue
            issued += _issue(runtime, district, street.id, first, build(runtime, district, street.id, first))
    return issued


def _stored(runtime: Runtime, district: str, street: str, first: date) -> bool:
    query = select(grid_reports.c.month).where(
        grid_reports.c.district == district, grid_reports.c.street_id == street, grid_reports.c.month == first
    )
    with runtime.db.engine.connect() as connection:
        return connection.execute(query).first() is not None


def _issue(runtime: Runtime, district: str, street: str, first: date, report: dict) -> int:
    now, total = runtime.clock(), report["street"]
    with runtime.db.transaction() as session:
        row = {"district": district, "street_id": street, "month": first, "body": report, "created_at": now}
        statement = insert_ignoring_duplicates(session, grid_reports).values(**row).returning(grid_reports.c.month)
        if session.execute(statement).first() is None:
            return 0
        payload = VisitReportIssued(
            unit_id=street,
            month=report["month"],
            communities=len(report["communities"]),
            **{k: total[k] for k in ("households_visited", "opinions", "resolved_on_the_spot")},
            cases_filed=total["cases_filed"],
            cases_resolved=total["cases_resolved"],
        )
        runtime.outbox.add(session, new_envelope(payload, district=district, producer="evaluation", occurred_at=now))
    return 1
