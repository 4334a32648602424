"""Who is below their visit duty (走访要求) in a period: each team member's role duties from the district
configuration (``visit_duties``), checked on what has ended. A week's days are judged once the week
(Monday to Sunday) is over and lies wholly in the period; a month's households and group visits once
the month is over, so nobody is flagged for a month still running."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from minqing_contracts.org import DistrictConfig, VisitDuty

from .visit_rates import Visit


def duties(config: DistrictConfig) -> dict[str, dict[str, VisitDuty]]:
    """person id -> role -> duty, for the team roles that have one."""
    found: dict[str, dict[str, VisitDuty]] = {}
    for street in config.streets:
        for community in street.communities:
            for grid in community.grids:
                for member in grid.team:
                    duty = config.visit_duties.get(member.role)
                    if duty is not None:
                        found.setdefault(member.person, {})[member.role] = duty
    return found


def _weeks(start: date, end: date, today: date) -> list[date]:
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday + timedelta(days=6) <= end and monday + timedelta(days=6) < today:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _flag(person: str, role: str, duty: str, had: int, needed: int, **when: str) -> dict[str, Any]:
    return {"person": person, "role": role, "duty": duty, "had": had, "needed": needed, **when}


def person_flags(
    person: str, role: str, duty: VisitDuty, visits: list[Visit], period: tuple[date, date], today: date, monthly: bool
) -> list[dict[str, Any]]:
    start, end = period
    flags: list[dict[str, Any]] = []
    if duty.days_per_week:
        for monday in _weeks(start, end, today):
            days = {v.local_date for v in visits if monday <= v.local_date <= monday + timedelta(days=6)}
            if len(days) < duty.days_per_week:
                flags.append(
                    _flag(person, role, "days_per_week", len(days), duty.days_per_week, week=monday.isoformat())
                )
    if monthly and end < today:
        households = len({h for v in visits for h in v.household_ids})
        groups = len({(v.local_date, v.grid_code) for v in visits})
        for name, had, needed in (
            ("households_per_month", households, duty.households_per_month),
            ("group_visits_per_month", groups, duty.group_visits_per_month),
        ):
            if needed and had < needed:
                flags.append(_flag(person, role, name, had, needed, month=start.isoformat()[:7]))
    return flags


def below_duty(
    config: DistrictConfig,
    visits: list[Visit],
    period: tuple[date, date],
    today: date,
    monthly: bool,
    people: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """Flags ordered by person and role: who fell short of which duty, by how much, in which week or
    month; of ``people`` only, when given."""
    by_person: dict[str, list[Visit]] = {}
    for visit in visits:
        by_person.setdefault(visit.visitor_id, []).append(visit)
    flags: list[dict[str, Any]] = []
    for person, roles in sorted(duties(config).items()):
        if people is not None and person not in people:
            continue
        for role, duty in sorted(roles.items()):
            flags += person_flags(person, role, duty, by_person.get(person, []), period, today, monthly)
    return flags
