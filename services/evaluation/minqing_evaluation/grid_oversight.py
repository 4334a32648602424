"""The scheduler's checks on grid work (走访): flag each team member below their visit duty to the unit
that looks after them, once per ended week or month (``visit.duty_missed.v1``), and list the grids
nobody visited for 30 days for the supervisors' oversight (督查).

Once means once: a period is marked checked in ``duty_flags`` in the transaction that writes its
flags and events, so a second pass or a second replica skips it (the marker's insert ignores a
duplicate and only the replica that inserted it writes)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import VisitDutyMissed
from minqing_kit.statements import insert_ignoring_duplicates

from . import visits
from .adapters.visit_tables import duty_flags, visits as visit_rows
from .bootstrap import Runtime
from .domain import grid_checks, visit_duties, visit_rates

CHECKED = {"person_id": "", "role": "", "duty": "checked"}  # the period's marker row


def _insert(session, row: dict) -> bool:
    statement = insert_ignoring_duplicates(session, duty_flags).values(**row).returning(duty_flags.c.period)
    return session.execute(statement).first() is not None


def flag_due(runtime: Runtime) -> int:
    """Judge every district's last ended week and month once; returns the flags sent."""
    sent = 0
    for district, config in runtime.districts.items():
        today = runtime.clock().astimezone(runtime.tz(district)).date()
        where = visit_rates.tree(config)
        for label, start, end in grid_checks.ended_periods(today):
            if _checked(runtime, district, label):
                continue
            monthly = len(label) == 7
            found = visits.period_visits(runtime, district, start, end)
            flags = visit_duties.below_duty(config, found, (start, end), today, monthly)
            flags = [f for f in flags if ("month" in f) == monthly]  # a month's weeks are the weekly check's
            sent += _send(runtime, district, label, flags, where)
    return sent


def _checked(runtime: Runtime, district: str, label: str) -> bool:
    query = select(duty_flags.c.period).where(
        duty_flags.c.district == district, duty_flags.c.period == label, duty_flags.c.duty == "checked"
    )
    with runtime.db.engine.connect() as connection:
        return connection.execute(query).first() is not None


def _send(runtime: Runtime, district: str, label: str, flags: list[dict], where: visit_rates.Tree) -> int:
    now, sent = runtime.clock(), 0
    with runtime.db.transaction() as session:
        if not _insert(session, {"district": district, "period": label, "flagged_at": now, **CHECKED}):
            return 0
        for flag in flags:
            person = flag["person"]
            unit = grid_checks.unit_looking_after(where, person)
            key = {"person_id": person, "role": flag["role"], "duty": flag["duty"], "period": label}
            if unit is None or not _insert(session, {"district": district, "flagged_at": now, **key}):
                continue
            payload = VisitDutyMissed(
                unit_id=unit,
                person_id=person,
                person_name=where.names.get(person),
                role=flag["role"],
                duty=flag["duty"],
                had=flag["had"],
                needed=flag["needed"],
                period=label,
                grid_codes=sorted(where.team_grids.get(person, frozenset())),
            )
            runtime.outbox.add(
                session, new_envelope(payload, district=district, producer="evaluation", occurred_at=now)
            )
            sent += 1
    return sent


def unvisited_grids(runtime: Runtime, district: str, today: date, days: int = grid_checks.UNVISITED_DAYS) -> dict:
    """The grids of the district nobody visited in the last ``days`` local days."""
    where = visit_rates.tree(runtime.districts[district])
    last: dict[str, date] = {}
    with runtime.read_db.engine.connect() as connection:
        for grid in where.households:  # one index probe per grid (district, grid_code, local_date)
            found = connection.execute(
                select(func.max(visit_rows.c.local_date)).where(
                    visit_rows.c.district == district, visit_rows.c.grid_code == grid
                )
            ).scalar()
            if found is not None:
                last[grid] = found
    return {
        "district": district,
        "days": days,
        "since": (today - timedelta(days=days - 1)).isoformat(),
        "grids": grid_checks.unvisited(where, last, today, days),
    }
