"""A theme's effect (difference in differences with a Newey–West interval) on synthetic weekly series
whose true effect is known."""

from __future__ import annotations

import math
import random

from minqing_evaluation.domain.effect import estimate, newey_west_lag

WEEKS_BEFORE, WEEKS_AFTER = 12, 12


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: enough for weekly counts of a few dozen."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def series(rng: random.Random, base: float, drop: float = 0.0) -> list[float]:
    """Weekly counts with a district-wide season (every area has it, the same number of requests: parallel
    trends) and, from the theme's week, a drop."""
    season = [4 * math.sin(w / 5) for w in range(WEEKS_BEFORE + WEEKS_AFTER)]
    return [
        float(poisson(rng, base + season[w] - (drop if w >= WEEKS_BEFORE else 0.0)))
        for w in range(WEEKS_BEFORE + WEEKS_AFTER)
    ]


def test_a_known_drop_of_five_requests_a_week_is_found_with_an_interval_that_excludes_zero():
    rng = random.Random(16)
    treated = series(rng, 14, drop=5)
    controls = [series(rng, 10) for _ in range(6)]
    effect = estimate(treated, controls, WEEKS_BEFORE)
    assert effect is not None
    assert effect.low < -5 < effect.high
    assert effect.significant and effect.high < 0
    assert effect.weeks_before == effect.weeks_after == 12
    assert effect.relative is not None and -0.5 < effect.relative < -0.2


def test_a_season_every_area_shares_is_not_taken_for_an_effect():
    """The treated area's raw counts fall after the theme (the season turns), but so do the controls':
    the before/after difference alone would credit the theme, the DiD does not."""
    rng = random.Random(3)
    treated = series(rng, 14)
    controls = [series(rng, 10) for _ in range(6)]
    effect = estimate(treated, controls, WEEKS_BEFORE)
    assert effect is not None
    assert effect.treated_after < effect.treated_before - 3  # a naive before/after "drop"
    assert effect.low < 0 < effect.high
    assert not effect.significant


def test_over_many_series_the_estimate_is_unbiased_and_the_interval_covers_about_95_in_100():
    covered, total = 0, 0.0
    runs = 300
    for seed in range(runs):
        rng = random.Random(1000 + seed)
        treated = series(rng, 14, drop=4)
        controls = [series(rng, 10) for _ in range(5)]
        effect = estimate(treated, controls, WEEKS_BEFORE)
        assert effect is not None
        covered += effect.low <= -4 <= effect.high
        total += effect.estimate
    assert abs(total / runs - -4) < 0.3
    assert 0.85 <= covered / runs <= 0.99


def test_without_lags_the_variance_is_the_two_groups_heteroskedastic_variance():
    """Lag 0 reduces Newey–West to White's HC0: for a before/after dummy that is the sum of each
    side's residual variance over its size."""
    treated = [5.0, 7.0, 6.0, 9.0, 3.0, 4.0, 2.0]
    controls = [[1.0, 2.0, 1.0, 2.0, 1.0, 3.0, 1.0]]
    effect = estimate(treated, controls, 4, lag=0)
    assert effect is not None
    diff = [t - c for t, c in zip(treated, controls[0], strict=True)]
    before, after = diff[:4], diff[4:]
    mean_b, mean_a = sum(before) / 4, sum(after) / 3
    assert math.isclose(effect.estimate, mean_a - mean_b)
    expected = sum((d - mean_b) ** 2 for d in before) / 16 + sum((d - mean_a) ** 2 for d in after) / 9
    assert math.isclose(effect.standard_error**2, expected)


def test_no_estimate_without_a_comparison_or_enough_weeks():
    assert estimate([1.0, 2.0, 3.0, 4.0], [], 2) is None
    assert estimate([1.0, 2.0, 3.0, 4.0], [[1.0, 1.0, 1.0, 1.0]], 1) is None
    assert estimate([1.0, 2.0, 3.0], [[1.0, 1.0, 1.0]], 2) is None
    assert newey_west_lag(24) == 2 and newey_west_lag(4) == 1
