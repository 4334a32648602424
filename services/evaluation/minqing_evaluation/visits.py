"""Grid visits (走访) in evaluation: record each ``visit.recorded.v1`` once (its visit id is the key,
beside the inbox's event id; its household ids on its row) and read a period's visits back for the
visit rates and duty flags. The rates belong here with the other rates; intake only says what was
visited."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from datetime import date, timedelta

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events.intake import VisitRecorded
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.tables import cases
from .adapters.visit_tables import grid_worker_answers, visit_cases, visits
from .bootstrap import Runtime
from .domain import visit_duties, visit_rates
from .domain.visit_rates import FiledCase, GridAnswer, Visit

COVERAGE_DAYS = 30  # the default rolling window of coverage (覆盖率)


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
        "household_ids": sorted(set(payload.household_ids)),
    }
    inserted = session.execute(
        insert_ignoring_duplicates(session, visits, index_elements=["visit_id"])
        .values(**row)
        .returning(visits.c.visit_id)
    ).first()
    if inserted is None:
        return
    filed = sorted({m.case_id for m in payload.matters if m.outcome == "case" and m.case_id})
    if filed:
        session.execute(
            insert_ignoring_duplicates(session, visit_cases, index_elements=["case_id"]),
            [{"case_id": c, "visit_id": payload.visit_id, "district": envelope.district} for c in filed],
        )


def period_visits(
    runtime: Runtime, district: str, start: date, end: date, grids: Collection[str] | None = None
) -> list[Visit]:
    """The visits of local days ``start``..``end`` (of ``grids`` only, when given), each with its
    households and the cases filed from it as the read model knows them now: one ``Visit`` per person,
    grid and day, summed in SQL (a grid worker makes ~14 visits a day; every rate is a union or a sum of
    them), its households the union of theirs."""
    where = [visits.c.district == district, visits.c.local_date.between(start, end)]
    if grids is not None:
        where.append(visits.c.grid_code.in_(sorted(grids)))
    day = (visits.c.visitor_id, visits.c.grid_code, visits.c.local_date)
    homes = func.aggregate_strings(cast(visits.c.household_ids, Text), ",")  # the JSON lists, comma-joined
    counts = (func.sum(visits.c.opinions), func.sum(visits.c.resolved), func.sum(visits.c.cases))
    filed = (
        select(*day, visit_cases.c.case_id, cases.c.outcome, cases.c.satisfaction)
        .join(visits, visits.c.visit_id == visit_cases.c.visit_id)
        .outerjoin(cases, cases.c.case_id == visit_cases.c.case_id)
    )
    cases_of: dict[tuple, list[FiledCase]] = defaultdict(list)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(*day, homes, *counts).where(*where).group_by(*day)).all()
        for visitor, grid, on, case_id, outcome, satisfaction in connection.execute(filed.where(*where)).all():
            cases_of[visitor, grid, on].append(FiledCase(case_id, outcome is not None, satisfaction))
    return [
        Visit(
            visitor, grid, on, _households(joined), opinions, resolved, n, tuple(cases_of.get((visitor, grid, on), ()))
        )
        for visitor, grid, on, joined, opinions, resolved, n in rows
    ]


def _households(joined: str | None) -> frozenset[str]:
    """The union of comma-joined JSON lists of household ids (``null`` for a visit without them)."""
    return frozenset(h for ids in json.loads(f"[{joined or ''}]") if ids for h in ids)


def period_answers(runtime: Runtime, district: str, start: date, end: date) -> list[GridAnswer]:
    """The 知晓 answers given on local days ``start``..``end`` about cases with a known grid."""
    query = select(grid_worker_answers.c.grid_code, grid_worker_answers.c.knows_grid_worker).where(
        grid_worker_answers.c.district == district,
        grid_worker_answers.c.answered_on.between(start, end),
        grid_worker_answers.c.grid_code.is_not(None),
    )
    with runtime.db.engine.connect() as connection:
        return [GridAnswer(r.grid_code, r.knows_grid_worker) for r in connection.execute(query)]


def visit_report(
    runtime: Runtime,
    district: str,
    period: tuple[date, date],
    level: str,
    today: date,
    monthly: bool,
    street: str | None = None,
    window_days: int = COVERAGE_DAYS,
) -> dict:
    """The API's answer: each subject's figures, the definitions, and (for people) who is below duty.
    ``street`` keeps the subjects, visits and flags of that street's grids only."""
    config = runtime.districts[district]
    start, end = period
    where = visit_rates.tree(config)
    grids = where.grids_of("street", street) if street else None
    since = min(start, end - timedelta(days=window_days - 1))
    recent = period_visits(runtime, district, since, end, grids)
    found = [v for v in recent if v.local_date >= start]
    opens = end - timedelta(days=window_days - 1)
    window = found if opens == start else [v for v in recent if v.local_date >= opens]
    answers = period_answers(runtime, district, start, end)
    only = None
    if grids is not None:  # the street's subjects: their grids are in it, or they visited there
        only = {s for s in where.subjects(level) if where.grids_of(level, s) & grids}
        only |= {subject for v in found if (subject := visit_rates.subject_of(v, level, where)) is not None}
    rows = visit_rates.rates(found, level, where, window, answers, only)
    body = {
        "district": district,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "level": level,
        "street": street,
        "coverage_window": {"days": window_days, "from": (end - timedelta(days=window_days - 1)).isoformat()},
        "definitions": visit_rates.DEFINITIONS,
        "rates": rows,
    }
    if level == "person":
        people = None if grids is None else {p for p, mine in where.team_grids.items() if mine & grids}
        body["below_duty"] = visit_duties.below_duty(config, found, period, today, monthly, people)
    return body
