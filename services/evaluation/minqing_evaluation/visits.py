"""Grid visits (走访) in evaluation: record each ``visit.recorded.v1`` once (its visit id is the key,
beside the inbox's event id) and read a period's visits back for the visit rates and duty flags.
The rates belong here with the other rates; intake only says what was visited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events.intake import VisitRecorded
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.visit_tables import visit_households, visits
from .bootstrap import Runtime
from .domain import visit_duties, visit_rates
from .domain.visit_rates import Visit


def record(session: Session, envelope: Envelope, payload: VisitRecorded) -> None:
    """Keep the visit and its households; a second event for the same visit changes nothing."""
    outcomes = [m.outcome for m in payload.matters]
    row = {
        "visit_id": payload.visit_id,
        "district": envelope.district,
        "visitor_id": payload.visitor_id,
        "grid_code": payload.grid_code,
        "local_date": payload.local_date,
        "visited_at": payload.visited_at,
        "opinions": outcomes.count("opinion"),
        "resolved": outcomes.count("resolved"),
        "cases": outcomes.count("case"),
    }
    inserted = session.execute(
        insert_ignoring_duplicates(session, visits, index_elements=["visit_id"])
        .values(**row)
        .returning(visits.c.visit_id)
    ).first()
    if inserted is None or not payload.household_ids:
        return
    session.execute(
        insert_ignoring_duplicates(session, visit_households, index_elements=["visit_id", "household_id"]),
        [{"visit_id": payload.visit_id, "household_id": h} for h in sorted(set(payload.household_ids))],
    )


def period_visits(runtime: Runtime, district: str, start: date, end: date) -> list[Visit]:
    query = (
        select(visits, visit_households.c.household_id)
        .outerjoin(visit_households, visit_households.c.visit_id == visits.c.visit_id)
        .where(visits.c.district == district, visits.c.local_date.between(start, end))
    )
    found: dict[str, dict] = {}
    with runtime.db.engine.connect() as connection:
        for row in connection.execute(query):
            entry = found.setdefault(row.visit_id, {"row": row, "households": set()})
            if row.household_id is not None:
                entry["households"].add(row.household_id)
    return [
        Visit(
            e["row"].visitor_id,
            e["row"].grid_code,
            e["row"].local_date,
            frozenset(e["households"]),
            e["row"].opinions,
            e["row"].resolved,
            e["row"].cases,
        )
        for e in found.values()
    ]


def visit_report(
    runtime: Runtime, district: str, period: tuple[date, date], level: str, today: date, monthly: bool
) -> dict:
    """The API's answer: each subject's figures, the definitions, and (for people) who is below duty."""
    config = runtime.districts[district]
    start, end = period
    found = period_visits(runtime, district, start, end)
    body = {
        "district": district,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "level": level,
        "definitions": visit_rates.DEFINITIONS,
        "rates": visit_rates.rates(found, level, visit_rates.tree(config)),
    }
    if level == "person":
        body["below_duty"] = visit_duties.below_duty(config, found, period, today, monthly)
    return body
