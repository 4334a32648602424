"""Rates, the composite score and rankings, from summed counters. Definitions: see the README."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# rate name -> (numerator metric, denominator metric, higher is better)
RATES: dict[str, tuple[str, str, bool]] = {
    "response": ("responded_on_time", "dispatched", True),  # 响应率
    "resolution": ("solved", "rated", True),  # 解决率
    "satisfaction": ("satisfied_or_basic", "rated", True),  # 满意率
    "on_time_closure": ("resolved_on_time", "resolved", True),  # 按时办结率
    "follow_up_answer": ("rated", "followups", True),  # 回访应答率
    "return": ("returned", "dispatched", False),  # 退单率
    "reopen": ("reopened", "resolved", False),  # 重办率
    "repeat_request": ("repeat_requested", "dispatched", False),  # 重复诉求率
}
TOO_FEW = "too_few_cases"


def rates(counts: Mapping[str, int]) -> dict[str, float | None]:
    """Each rate as a fraction in [0, 1], or None when its denominator is zero."""
    found = {}
    for name, (top, bottom, _) in RATES.items():
        denominator = counts.get(bottom, 0)
        found[name] = round(counts.get(top, 0) / denominator, 4) if denominator else None
    return found


def composite(found: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean on a 0–100 scale over the rates that have a value; lower-is-better rates count as
    (1 - rate). None when no weighted rate has a value."""
    total = weight_sum = 0.0
    for name, weight in weights.items():
        value = found.get(name)
        if name not in RATES or value is None or weight <= 0:
            continue
        total += weight * (value if RATES[name][2] else 1 - value)
        weight_sum += weight
    return round(100 * total / weight_sum, 2) if weight_sum else None


@dataclass
class Row:
    unit_id: str
    unit_name: str
    counts: dict[str, int]
    rates: dict[str, float | None]
    score: float | None
    sample: int
    rank: int | None = None
    status: str = "ranked"


def rank(rows: list[Row], min_sample: int) -> list[Row]:
    """Order by composite score, then satisfaction, then unit id; units with fewer than ``min_sample``
    rated follow-ups (or no score) are listed after the ranked ones as "too few cases", unranked.
    Equal scores share a rank (1, 2, 2, 4)."""
    ranked = [r for r in rows if r.sample >= min_sample and r.score is not None]
    unranked = [r for r in rows if r not in ranked]
    ranked.sort(key=lambda r: (-(r.score or 0.0), -(r.rates.get("satisfaction") or 0), r.unit_id))  # score is set
    previous = None
    for position, row in enumerate(ranked, start=1):
        key = (row.score, row.rates.get("satisfaction"))
        row.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, row.rank)
    for row in unranked:
        row.rank, row.status = None, TOO_FEW
    return ranked + sorted(unranked, key=lambda r: r.unit_id)
