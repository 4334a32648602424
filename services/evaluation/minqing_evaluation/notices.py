"""Public notice (公示) per district and quarter: each matter closed in the quarter with its responsible
unit, measures, result and ratings. No resident's identity: no request text, contact, name or address.
A non-public request (不公开: case.received.v1's public false) is never on it; one whose producer did not
ask (None) is, as before."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from sqlalchemy import select

from .adapters.tables import cases, panel_ratings
from .bootstrap import Runtime
from .domain import orgtree
from .panel import quarter_span
from .stats import district_config

COLUMNS = (
    "ticket",
    "category",
    "unit_id",
    "unit_name",
    "outcome",
    "measures",
    "result",
    "resident_rating",
    "community",
    "party_rep",
    "resident_rep",
    "closed_at",
)


def matters(runtime: Runtime, district: str, quarter: str) -> list[dict]:
    config = district_config(runtime, district)
    since, until = quarter_span(runtime, district, quarter)
    units = orgtree.units(config)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(cases)
            .where(
                cases.c.district == district,
                cases.c.closed_at >= since,
                cases.c.closed_at < until,
                cases.c.public.is_not(False),
            )
            .order_by(cases.c.closed_at, cases.c.ticket)
        ).all()
        panel = connection.execute(
            select(panel_ratings).where(panel_ratings.c.district == district, panel_ratings.c.quarter == quarter)
        ).all()
    reviews: dict = defaultdict(dict)
    for review in panel:
        reviews[review.case_id][review.party] = review
    items = []
    for row in rows:
        parties = reviews.get(row.case_id, {})
        measures = "; ".join(p.measures for p in parties.values() if p.measures) or row.reply
        items.append(
            {
                "ticket": row.ticket,
                "category": row.category,
                "unit_id": row.unit_id,
                "unit_name": units[row.unit_id].name if row.unit_id in units else row.unit_name,
                "outcome": row.outcome,
                "measures": measures,
                "result": row.reply,
                "resident_rating": row.satisfaction,
                **{p: parties[p].rating if p in parties else None for p in ("community", "party_rep", "resident_rep")},
                "closed_at": row.closed_at.astimezone(runtime.tz(district)).date().isoformat(),
            }
        )
    return items


def as_csv(items: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(items)
    return "\ufeff" + buffer.getvalue()  # BOM: spreadsheet programs then read the Chinese correctly
