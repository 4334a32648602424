"""What the simulator plants (scripts/simulator_patterns.py), without a stack: a burst in one grid of one
cause sized against its series' ordinary day, a recurring cause in one street's words of its category,
neighbours' reports of a recent request; the same seed plants the same."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

from minqing_kit.orgconfig import load_districts

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from simulator import Feeder  # noqa: E402
from simulator_patterns import BURST_MIN, RECURRING_SHARE, REFILE_PREFIX, REFILE_SHARE, Patterns  # noqa: E402

DISTRICTS = load_districts(ROOT / "config" / "districts")


def feeder(seed: int) -> Feeder:
    rng = random.Random(seed)
    return Feeder(None, None, DISTRICTS, rng, Patterns(DISTRICTS, rng))


def test_a_burst_is_one_cause_in_one_grid_and_grows_with_its_series_day():
    quiet, busy = feeder(3).burst("xinlin", 30), feeder(3).burst("xinlin", 12_000)  # λ 0.25 and 100 a day
    assert len(quiet) == BURST_MIN and len(busy) == 3 * 100 + 5 * 10
    for burst in (quiet, busy):
        assert len({(d.grid, d.category) for d in burst}) == 1 and burst[0].category == "municipal"
        keywords = next(c.keywords for c in DISTRICTS["xinlin"].categories if c.code == "municipal")
        assert all(any(k in d.content for k in keywords) for d in burst)


def test_the_steady_mix_carries_one_street_s_recurring_cause_and_neighbours_reports():
    planted = feeder(5)
    category, street, _, _ = planted.patterns.recurring["luwan"]
    draws = [planted.draw("luwan") for _ in range(4000)]
    of_street = {g.code for s in DISTRICTS["luwan"].streets if s.id == street for c in s.communities for g in c.grids}
    causes = [d for d in draws if d.category == category and d.grid in of_street]
    refiled = [d for d in draws if d.content.startswith(REFILE_PREFIX)]
    assert abs(len(refiled) / len(draws) - REFILE_SHARE) < 0.015
    assert len(causes) > RECURRING_SHARE * len(draws) * 0.8  # the cause, besides the steady mix's own
    assert len(Counter(d.address for d in causes)) > 3  # across the street's buildings, not one place
    assert [d.content for d in feeder(5).burst("luwan", 100)] == [d.content for d in feeder(5).burst("luwan", 100)]
