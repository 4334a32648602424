"""Early warning (未诉先办): a grid x category whose requests on one day are far above its own history.

The rule is a one-sided Poisson test. The baseline rate is the grid x category's requests per day over
the ``history_days`` days before (plus half a request, so that a series with no history still has a
small rate): ``baseline = (sum of history + 0.5) / history_days``. The day is flagged when it had at
least ``min_count`` requests and the chance of that many or more under the baseline,
``P(X >= count | Poisson(baseline))``, is at most ``alpha``. What the defaults flag on flat series of
Poisson days with known rates (false alarms per series-day) is measured in
``tests/evaluation/test_early_warning.py`` and written in the evaluation README.

The same rule judges the current day so far (``scan`` with the day's count up to now): the baseline is
the same (the days before), and a flag only needs more requests, never fewer (``tail`` falls as the count
grows, ``min_count`` is a floor), while the count so far can only grow towards the whole day's. So a
series flagged so far would be flagged on the whole day: the warnings raised during the day are some of
the whole day's, raised earlier, and the false alarms per series-day are the daily rule's
(tested in ``tests/evaluation/test_early_warning.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from minqing_contracts.org import EarlyWarningPolicy

PRIOR = 0.5  # requests added to the history: a series with none still has a (small) rate
RULE = "P(X >= count | Poisson(baseline)) <= alpha and count >= min_count; baseline = (history + 0.5) / history_days"

Series = tuple[str, str]  # (grid code, category)


@dataclass(frozen=True)
class Warning:
    grid_code: str
    category: str
    day: date
    count: int
    baseline: float  # requests per day
    p_value: float


def tail(count: int, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate)."""
    if count <= 0:
        return 1.0
    term = total = math.exp(-rate)
    for i in range(1, count):
        term *= rate / i
        total += term
    return max(0.0, 1.0 - total)


def judge(count: int, history: Iterable[int], policy: EarlyWarningPolicy) -> tuple[float, float] | None:
    """(baseline, p-value) when ``count`` on the day is far above ``history``, else None."""
    if count < policy.min_count:
        return None
    baseline = (sum(history) + PRIOR) / policy.history_days
    p_value = tail(count, baseline)
    return (baseline, p_value) if p_value <= policy.alpha else None


def scan(daily: Mapping[Series, Mapping[date, int]], day: date, policy: EarlyWarningPolicy) -> list[Warning]:
    """Every series flagged on ``day``, from its counts per local day (days with none may be absent)."""
    history_days = [day - timedelta(days=n) for n in range(1, policy.history_days + 1)]
    found = []
    for (grid, category), counts in sorted(daily.items()):
        count = counts.get(day, 0)
        judged = judge(count, (counts.get(d, 0) for d in history_days), policy)
        if judged:
            found.append(Warning(grid, category, day, count, round(judged[0], 4), judged[1]))
    return found
