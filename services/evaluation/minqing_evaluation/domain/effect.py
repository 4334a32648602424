"""A theme's effect (每月一题的成效): difference in differences on weekly counts of matching requests.

The theme's area is *treated* from the week its theme opened; comparable areas with no such theme are
the *controls*. For every week ``w`` the difference ``d_w = treated_w - mean(controls_w)`` takes out
what the whole district went through (a season, a campaign, a holiday); the estimate is the change of
that difference::

    effect = mean(d_w, w after) - mean(d_w, w before)

It is the coefficient ``b`` of the regression ``d_w = a + b * after_w``, and its standard error is
Newey–West's (heteroskedasticity and autocorrelation consistent, Bartlett weights, lag
``floor(4 (n/100)^(2/9))`` and at least 1), because weekly counts of one area are serially correlated
and an ordinary standard error would be too narrow. The interval is ``effect ± z * se`` (z = 1.96 for
95 %). Pure arithmetic: the domain knows no numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Effect:
    weeks_before: int
    weeks_after: int
    treated_before: float  # mean weekly requests in the theme's area before
    treated_after: float
    control_before: float  # mean weekly requests of one comparable area before
    control_after: float
    estimate: float  # requests per week the theme changed (negative: fewer)
    standard_error: float
    low: float
    high: float
    lag: int

    @property
    def relative(self) -> float | None:
        """The estimate as a share of the treated area's weekly level before; None when it had none."""
        return self.estimate / self.treated_before if self.treated_before else None

    @property
    def significant(self) -> bool:
        """The interval excludes zero."""
        return self.high < 0 or self.low > 0


def newey_west_lag(n: int) -> int:
    scaled: float = 4.0 * (n / 100.0) ** (2.0 / 9.0)
    return max(1, math.floor(scaled))


def estimate(
    treated: Sequence[float],
    controls: Sequence[Sequence[float]],
    first_after: int,
    z: float = Z_95,
    lag: int | None = None,
) -> Effect | None:
    """``treated[w]`` and each ``controls[k][w]`` are weekly counts for the same weeks; weeks from index
    ``first_after`` on are after the theme opened. None without at least two weeks on each side or
    without a control area (no comparison, no estimate)."""
    n = len(treated)
    if not controls or any(len(c) != n for c in controls) or first_after < 2 or n - first_after < 2:
        return None
    control = [sum(c[w] for c in controls) / len(controls) for w in range(n)]
    diff = [t - c for t, c in zip(treated, control, strict=True)]
    after = [1.0 if w >= first_after else 0.0 for w in range(n)]
    before_mean = _mean(diff[:first_after])
    effect = _mean(diff[first_after:]) - before_mean
    residuals = [d - before_mean - effect * x for d, x in zip(diff, after, strict=True)]
    lag = newey_west_lag(n) if lag is None else lag
    se = math.sqrt(max(0.0, _hac_variance(after, residuals, lag)))
    return Effect(
        weeks_before=first_after,
        weeks_after=n - first_after,
        treated_before=_mean(treated[:first_after]),
        treated_after=_mean(treated[first_after:]),
        control_before=_mean(control[:first_after]),
        control_after=_mean(control[first_after:]),
        estimate=effect,
        standard_error=se,
        low=effect - z * se,
        high=effect + z * se,
        lag=lag,
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _hac_variance(after: list[float], residuals: list[float], lag: int) -> float:
    """Newey–West variance of the slope of ``y = a + b x``: the sandwich (X'X)^-1 S (X'X)^-1 for the
    regressors (1, x), bottom-right element."""
    n = len(after)
    rows = [(1.0, x) for x in after]
    s = [[0.0, 0.0], [0.0, 0.0]]
    for j in range(lag + 1):
        weight = 1.0 if j == 0 else 1 - j / (lag + 1)
        for t in range(j, n):
            product = residuals[t] * residuals[t - j]
            for a in range(2):
                for b in range(2):
                    term = rows[t][a] * rows[t - j][b]
                    if j:
                        term += rows[t - j][a] * rows[t][b]
                    s[a][b] += weight * product * term
    sxx = [[float(n), sum(after)], [sum(after), sum(x * x for x in after)]]
    det = sxx[0][0] * sxx[1][1] - sxx[0][1] * sxx[1][0]
    inverse = [[sxx[1][1] / det, -sxx[0][1] / det], [-sxx[1][0] / det, sxx[0][0] / det]]
    middle = [[sum(s[a][k] * inverse[k][b] for k in range(2)) for b in range(2)] for a in range(2)]
    return sum(inverse[1][k] * middle[k][1] for k in range(2))
