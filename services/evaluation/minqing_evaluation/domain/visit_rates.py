"""Visit rates (走访率) per person, grid, community or street over a period, from the visits recorded.

A visit counts toward the grid it was made in, so a worker who moves grids mid-month adds to both
grids, and to their own figures once. A household visited twice in a period counts once; so does a
day with several visits. The denominator of 入户率 is the district configuration's household count of
the grids concerned: every grid of a grid, community or street; for a person, the grids they visited in
the period and the grids whose team they are on. A case filed from a visit is followed through the case
events: resolved once routing resolved it, satisfied once the resident rated it (basically) satisfied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from minqing_contracts.org import DistrictConfig

LEVELS = ("grid", "community", "street", "person")
DEFINITIONS = {
    "visit_days": "days with at least one visit (走访天数)",
    "households_visited": "different households visited; one visited twice counts once",
    "entry_rate": "入户率 = households visited / households in the grids concerned (district configuration)",
    "group_visits": "different (day, grid) pairs with a visit (到组调研)",
    "opinions": "matters heard logged as opinions (意见建议)",
    "resolved_on_the_spot": "matters resolved on the spot (就地解决)",
    "cases_filed": "matters filed as cases through the grid_visit channel",
    "cases_resolved": "cases filed from the period's visits that routing has resolved (case.resolved.v1), so far",
    "cases_satisfied": "cases filed from the period's visits rated satisfied or basically satisfied, so far",
    "coverage": "覆盖率 = households visited at least once in the rolling window ending on the period's last day "
    "/ households in the grids concerned",
    "awareness_rate": "知晓率 = follow-up answers 'yes, I know my grid worker' / follow-up answers to that question, "
    "about cases in the grids concerned, answered in the period",
}
GOOD_RATINGS = ("satisfied", "basically_satisfied")


@dataclass(frozen=True)
class FiledCase:
    """A case filed from a visit, as evaluation's read model knows it now."""

    case_id: str
    resolved: bool = False
    satisfaction: str | None = None


class Visit(NamedTuple):
    """A person's visits in one grid on one day as the rates read them (a tuple: a month of a district is
    thousands of them): every figure is a union or a sum, so one visit or a day's visits read the same."""

    visitor_id: str
    grid_code: str
    local_date: date
    household_ids: frozenset[str]
    opinions: int = 0
    resolved: int = 0
    cases: int = 0
    filed: tuple[FiledCase, ...] = ()


@dataclass(frozen=True)
class Tree:
    """Where each grid sits and how many households it has, and each person's team grids."""

    community_of: dict[str, str]
    street_of: dict[str, str]
    households: dict[str, int]
    names: dict[str, str]
    team_grids: dict[str, frozenset[str]]

    def subjects(self, level: str) -> list[str]:
        if level == "grid":
            return sorted(self.households)
        if level == "community":
            return sorted(set(self.community_of.values()))
        if level == "street":
            return sorted(set(self.street_of.values()))
        return sorted(self.team_grids)

    def grids_of(self, level: str, subject: str) -> set[str]:
        if level == "grid":
            return {subject}
        if level == "community":
            return {g for g, c in self.community_of.items() if c == subject}
        if level == "street":
            return {g for g, s in self.street_of.items() if s == subject}
        return set(self.team_grids.get(subject, frozenset()))


def tree(config: DistrictConfig) -> Tree:
    community_of, street_of, households, names = {}, {}, {}, {p.id: p.name for p in config.people}
    team: dict[str, set[str]] = {}
    for street in config.streets:
        names[street.id] = street.name
        for community in street.communities:
            names[community.id] = community.name
            for grid in community.grids:
                community_of[grid.code], street_of[grid.code] = community.id, street.id
                households[grid.code], names[grid.code] = grid.households, grid.name
                for member in grid.team:
                    team.setdefault(member.person, set()).add(grid.code)
    return Tree(community_of, street_of, households, names, {p: frozenset(g) for p, g in team.items()})


def subject_of(visit: Visit, level: str, where: Tree) -> str | None:
    if level == "person":
        return visit.visitor_id
    if level == "grid":
        return visit.grid_code
    return (where.community_of if level == "community" else where.street_of).get(visit.grid_code)


def figures(visits: list[Visit], grids: set[str], where: Tree) -> dict[str, Any]:
    """One subject's figures from its visits; ``grids`` are the grids whose households form the denominator."""
    households = len({h for v in visits for h in v.household_ids})
    denominator = sum(where.households.get(g, 0) for g in grids)
    filed = {c.case_id: c for v in visits for c in v.filed}.values()
    return {
        "visit_days": len({v.local_date for v in visits}),
        "households_visited": households,
        "entry_rate": share(households, denominator),
        "group_visits": len({(v.local_date, v.grid_code) for v in visits}),
        "opinions": sum(v.opinions for v in visits),
        "resolved_on_the_spot": sum(v.resolved for v in visits),
        "cases_filed": sum(v.cases for v in visits),
        "cases_resolved": sum(c.resolved for c in filed),
        "cases_satisfied": sum(c.satisfaction in GOOD_RATINGS for c in filed),
    }


def share(numerator: int, denominator: int) -> dict[str, Any]:
    """A rate with what it is made of; a zero denominator is no rate (``None``), never 0 or 100 %."""
    return {
        "value": round(numerator / denominator, 4) if denominator else None,
        "numerator": numerator,
        "denominator": denominator,
    }


@dataclass(frozen=True)
class GridAnswer:
    """One resident's answer at follow-up to "do you know your grid worker?", about a case in ``grid_code``."""

    grid_code: str
    knows: bool


def _by_subject(visits: Iterable[Visit], level: str, where: Tree) -> dict[str, list[Visit]]:
    found: dict[str, list[Visit]] = {}
    for visit in visits:
        subject = subject_of(visit, level, where)
        if subject is not None:
            found.setdefault(subject, []).append(visit)
    return found


def _answer_tally(answers: Iterable[GridAnswer]) -> dict[str, tuple[int, int]]:
    """grid -> (answers 'yes', answers), counted once for every subject's 知晓率."""
    tally: dict[str, list[int]] = {}
    for answer in answers:
        counts = tally.setdefault(answer.grid_code, [0, 0])
        counts[0] += answer.knows
        counts[1] += 1
    return {grid: (yes, n) for grid, (yes, n) in tally.items()}


def _awareness(tally: dict[str, tuple[int, int]], grids: set[str]) -> dict[str, Any]:
    mine = [tally[g] for g in grids if g in tally]
    return share(sum(yes for yes, _ in mine), sum(n for _, n in mine))


def rates(
    visits: Iterable[Visit],
    level: str,
    where: Tree,
    window: Iterable[Visit] | None = None,
    answers: Iterable[GridAnswer] = (),
    only: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Every subject of the level (those without visits too, with zeros), ordered by id; of ``only``
    when given. ``window`` are the visits of the coverage window (coverage is left out without them;
    ``visits`` itself when the window is the period); ``answers`` the period's 知晓 answers. A person's
    知晓率 is about the grids of their team."""
    by_subject = _by_subject(visits, level, where)
    in_window = by_subject if window is visits else _by_subject(window or (), level, where)
    tally = _answer_tally(answers)
    subjects = sorted(set(where.subjects(level)) | set(by_subject) if only is None else set(only))
    found = []
    for subject in subjects:
        mine, team = by_subject.get(subject, []), where.grids_of(level, subject)
        grids = team | ({v.grid_code for v in mine} if level == "person" else set())
        row = {"subject": subject, "name": where.names.get(subject), **figures(mine, grids, where)}
        if window is not None:
            recent = in_window.get(subject, [])
            covered = grids | ({v.grid_code for v in recent} if level == "person" else set())
            households = len({h for v in recent for h in v.household_ids})
            row["coverage"] = share(households, sum(where.households.get(g, 0) for g in covered))
        row["awareness_rate"] = _awareness(tally, team)
        found.append(row)
    return found
