"""The 30 % rule of 一事一评 (project rating) and 双述双评 (annual review of units and cadres).

A result is final once at least ``min_ratings`` ratings are in. It requires rectification when the
share of "not satisfied" is MORE than the threshold: exactly 30 % is not more than 30 %. The
comparison is exact (fractions), so 300 of 1000 never slips over by a rounding error.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

RATINGS = ("satisfied", "basically_satisfied", "not_satisfied")


@dataclass(frozen=True)
class Verdict:
    ratings: int
    dissatisfied: int
    final: bool
    rectification_required: bool

    @property
    def dissatisfied_ratio(self) -> float:
        return self.dissatisfied / self.ratings if self.ratings else 0.0


def judge(satisfied: int, basically_satisfied: int, not_satisfied: int, min_ratings: int, threshold: float) -> Verdict:
    total = satisfied + basically_satisfied + not_satisfied
    final = total >= min_ratings
    over = total > 0 and Fraction(not_satisfied, total) > Fraction(str(threshold))
    return Verdict(ratings=total, dissatisfied=not_satisfied, final=final, rectification_required=final and over)
