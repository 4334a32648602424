"""一事一评 (project rating) as rules: who is affected, when a round may close, what its result means.

A round invites the households a project affects (by grid, building or a list of household ids).
Each household rates once per round, by its single-use link or on paper. The round closes with a
result only once at least ``min_ratings`` households have rated (the board closes it, or it closes
by itself when every invited household has rated); more than ``threshold`` not satisfied requires a
rectification, after which a new round is rated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .verdict import Verdict, judge


@dataclass(frozen=True)
class Scope:
    """The households a project affects, in intake's terms (never a household's detail)."""

    grid_codes: list[str] = field(default_factory=list)
    building_ids: list[str] = field(default_factory=list)
    household_ids: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.grid_codes or self.building_ids or self.household_ids)

    def as_dict(self) -> dict[str, list[str]]:
        return {"grid_codes": self.grid_codes, "building_ids": self.building_ids, "household_ids": self.household_ids}


@dataclass(frozen=True)
class Closing:
    """What closing a round now would do: refused (too few ratings), passed, or rectification."""

    verdict: Verdict
    outcome: str  # too_few | passed | rectifying

    @property
    def allowed(self) -> bool:
        return self.outcome != "too_few"


def closing(counts: dict[str, int], min_ratings: int, threshold: float) -> Closing:
    verdict = judge(counts["satisfied"], counts["basically_satisfied"], counts["not_satisfied"], min_ratings, threshold)
    if not verdict.final:
        return Closing(verdict, "too_few")
    return Closing(verdict, "rectifying" if verdict.rectification_required else "passed")


def closes_by_itself(rated: int, households: int | None, min_ratings: int) -> bool:
    """Every invited household has rated, and they are enough for a result."""
    return households is not None and rated >= households and rated >= min_ratings
