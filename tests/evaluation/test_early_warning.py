"""The early-warning rule (未诉先办) on series with known answers: flat Poisson series measure the false
alarms per series-day (printed; the README records them), a planted spike is found, a flat series is
never flagged. Pure domain, no database."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest

from minqing_contracts.org import EarlyWarningPolicy
from minqing_evaluation.domain.early_warning import judge, scan, tail

POLICY = EarlyWarningPolicy()
DAY = date(2026, 11, 30)
RATES = (0.05, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)  # requests per day of a grid x category, quiet to busy
FALSE_ALARM_CEILING = 0.001  # measured 0.00031 over all rates (seed 16); per rate in the README


def _poisson(rng: random.Random, rate: float) -> int:
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _false_alarms(rate: float, rng: random.Random, series: int = 200, days: int = 60) -> tuple[int, int]:
    flagged = judged = 0
    for _ in range(series):
        counts = [_poisson(rng, rate) for _ in range(POLICY.history_days + days)]
        for n in range(POLICY.history_days, len(counts)):
            judged += 1
            flagged += judge(counts[n], counts[n - POLICY.history_days : n], POLICY) is not None
    return flagged, judged


def test_false_alarms_on_flat_poisson_series_stay_below_the_ceiling():
    rng, flagged, judged = random.Random(16), 0, 0
    for rate in RATES:
        found, days = _false_alarms(rate, rng)
        print(f"rate {rate}/day: {found} false alarms in {days} series-days ({found / days:.5f})")
        flagged, judged = flagged + found, judged + days
    print(f"all rates: {flagged / judged:.5f} false alarms per series-day (alpha {POLICY.alpha})")
    assert flagged / judged <= FALSE_ALARM_CEILING


def test_a_planted_spike_is_found_with_its_baseline_and_the_cases_around_it_are_not():
    rng = random.Random(7)
    counts = {DAY - timedelta(days=n): _poisson(rng, 1.0) for n in range(1, 60)}
    counts[DAY] = 9  # a burst of one kind of request in one grid
    daily = {("XL-XF-01-G01", "municipal"): counts, ("XL-XF-01-G02", "municipal"): {DAY: 1}}
    [warning] = scan(daily, DAY, POLICY)
    assert (warning.grid_code, warning.category, warning.count) == ("XL-XF-01-G01", "municipal", 9)
    assert 0.5 <= warning.baseline <= 1.5 and warning.p_value < 1e-4
    assert scan(daily, DAY - timedelta(days=1), POLICY) == []  # the ordinary day before


@pytest.mark.parametrize("level", [0, 1, 3, 8])
def test_a_flat_series_is_never_flagged(level):
    counts = {DAY - timedelta(days=n): level for n in range(0, 60)}
    assert all(scan({("G", "c"): counts}, DAY - timedelta(days=n), POLICY) == [] for n in range(30))


def test_a_quiet_series_needs_the_minimum_count_and_the_tail_is_poisson():
    assert judge(2, [0] * 28, POLICY) is None  # two requests are never a warning by default
    assert judge(3, [0] * 28, POLICY) is not None  # three where there were none in four weeks are
    assert tail(0, 2.0) == 1.0 and tail(1, 2.0) == pytest.approx(1 - math.exp(-2))
    assert tail(3, 1.0) == pytest.approx(1 - math.exp(-1) * (1 + 1 + 0.5))


@pytest.mark.parametrize("history_total", [0, 1, 5, 28, 100, 400])
def test_a_count_flagged_so_far_stays_flagged_as_the_day_goes_on(history_total):
    """Why a warning during the day is one the whole day would raise: the flag is monotone in the count."""
    history = [history_total // 28 + (n < history_total % 28) for n in range(28)]
    flagged = [judge(count, history, POLICY) is not None for count in range(80)]
    first = flagged.index(True)
    assert flagged[first:] == [True] * (80 - first) and not any(flagged[:first])
