"""The simulator's case stream over simulated days, without a stack, and the early-warning rule on it.

The requests are the ones ``make simulate`` files: each one's district drawn as the simulator does, then
``Feeder.draw`` (category and building drawn evenly, the category's texts, the planted recurring cause and
neighbours' reports of ``simulator_patterns``), its channel from ``CHANNEL_MIX``. A request comes to
evaluation under the category staff gave it (a staff channel) or else the one intake's classifier
(``minqing_intake.domain.classify``) suggests for its text, as it does in the stack; so the counts are
per district, grid, category and day as the early warning (``minqing_evaluation.domain.early_warning``)
reads them. The simulator files at a fixed rate, so a day has exactly ``per_day`` requests per district
on average (the district of each drawn at random); it has no weekdays or seasons.

- ``false_alarms``: every grid x category of the districts (the configured ones, quiet or not) judged on
  each day after its first ``history_days``; nothing is planted, so every flag is a false alarm.
- ``detections``: a planted burst (``Patterns.burst``, the simulator's own: one grid, one cause, by the
  hotline, so under the operator's category) added to the stream's count of a random series on a random
  judged day: found or not.
- ``false_alarms_so_far`` and ``detections_so_far``: the same judged during the day, as evaluation's
  scheduler does (``day_so_far``): the count of the day so far every ``intraday_minutes`` from midnight.
  The simulator files at a fixed rate, so a series' requests of a day come at random times through it; a
  planted burst's come evenly over ``spread`` hours from a random hour (the live simulator files them
  between the steady ones, a few minutes apart).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from simulator import CHANNEL_MIX, Feeder
from simulator_patterns import Patterns

from minqing_contracts.channels import INTAKE_CHANNEL_BY_CODE
from minqing_contracts.org import EarlyWarningPolicy
from minqing_evaluation.domain.early_warning import judge
from minqing_intake.domain.classify import KeywordClassifier

Key = tuple[str, str, str]  # district, grid, category
STAFF_CHANNELS = frozenset(code for code in CHANNEL_MIX if INTAKE_CHANNEL_BY_CODE[code].access == "staff")


@dataclass
class Stream:
    districts: dict
    feeder: Feeder
    per_day: float
    days: int
    counts: dict[Key, list[int]]

    def series(self) -> list[Key]:
        """Every configured grid x category, with or without requests."""
        return [
            (code, g.code, c.code)
            for code, d in sorted(self.districts.items())
            for s in d.streets
            for m in s.communities
            for g in m.grids
            for c in d.categories
        ]

    def expected(self, district: str) -> float:
        """A grid x category's requests on an ordinary day (the district's day spread evenly)."""
        config = self.districts[district]
        grids = len({g for _, g, _ in self.feeder.places(district)})
        return self.per_day / (grids * len(config.categories))


class Seen:
    """The category evaluation sees for a request: staff's, else intake's classifier's for the text."""

    def __init__(self, districts: dict):
        self.classifiers = {code: KeywordClassifier(list(d.categories)) for code, d in districts.items()}
        self.known: dict[tuple[str, str], str] = {}  # texts repeat (templates x buildings): each classified once

    def category(self, district: str, content: str) -> str:
        if (district, content) not in self.known:
            self.known[(district, content)] = self.classifiers[district].suggest(content).category
        return self.known[(district, content)]


def simulate(districts: dict, per_day: float, days: int, seed: int, seen: Seen | None = None) -> Stream:
    """``days`` days of the simulator's requests, ``per_day`` per district on average."""
    rng = random.Random(seed)
    feeder = Feeder(None, None, districts, rng, Patterns(districts, rng))
    seen = seen or Seen(districts)
    codes = sorted(districts)
    counts: dict[Key, list[int]] = defaultdict(lambda: [0] * days)
    for day in range(days):
        for _ in range(round(per_day * len(codes))):
            district = rng.choice(codes)
            drawn = feeder.draw(district)
            staff = feeder._channel() in STAFF_CHANNELS
            category = drawn.category if staff else seen.category(district, drawn.content)
            counts[(district, drawn.grid, category)][day] += 1
    return Stream(districts, feeder, per_day, days, counts)


def false_alarms(stream: Stream, policy: EarlyWarningPolicy) -> tuple[int, int]:
    """(flags, series-days judged) over every series and every day after the first ``history_days``."""
    flagged = judged = 0
    empty = [0] * stream.days
    for key in stream.series():
        days = stream.counts.get(key, empty)
        for day in range(policy.history_days, stream.days):
            judged += 1
            flagged += judge(days[day], days[day - policy.history_days : day], policy) is not None
    return flagged, judged


def detections(stream: Stream, policy: EarlyWarningPolicy, trials: int, seed: int, size: int | None = None):
    """(found, planted): ``trials`` bursts of ``size`` requests (the simulator's own size when None), each on
    a random judged day of its grid x category."""
    found = planted = 0
    for days, day, drawn in _planted(stream, policy, trials, seed, size):
        planted += 1
        found += judge(days[day] + len(drawn), days[day - policy.history_days : day], policy) is not None
    return found, planted


def false_alarms_so_far(stream: Stream, policy: EarlyWarningPolicy, seed: int) -> tuple[int, int]:
    """(series-days flagged by a count during the day, series-days judged): ``false_alarms`` as the
    scheduler's count every ``intraday_minutes`` sees the day."""
    rng, flagged, judged = random.Random(seed), 0, 0
    empty = [0] * stream.days
    for key in stream.series():
        days = stream.counts.get(key, empty)
        for day in range(policy.history_days, stream.days):
            judged += 1
            times = [24 * rng.random() for _ in range(days[day])]
            flagged += first_flag(times, days[day - policy.history_days : day], policy) is not None
    return flagged, judged


def detections_so_far(stream: Stream, policy: EarlyWarningPolicy, trials: int, seed: int, spread: float = 2.0):
    """For each of ``trials`` bursts (the simulator's size, planted as in ``detections``, its requests evenly
    over ``spread`` hours from a random hour): (hours from its first request to the count that flags it
    during the day, hours from then to the day's end), or None when no count before midnight flags it."""
    rng, found = random.Random(seed), []
    for days, day, drawn in _planted(stream, policy, trials, seed, None):
        start = rng.uniform(0, 24 - spread)
        times = [24 * rng.random() for _ in range(days[day])]
        times += [start + spread * n / len(drawn) for n in range(len(drawn))]
        at = first_flag(times, days[day - policy.history_days : day], policy)
        found.append(None if at is None else (at - start, 24 - at))
    return found


def first_flag(times: list[float], history: list[int], policy: EarlyWarningPolicy) -> float | None:
    """The hour of the first count of the day so far (every ``intraday_minutes`` from midnight) the rule
    flags, given the requests' hours of the day; None when none before midnight does. Every count the
    checks see is judged: the one at the first check after each request."""
    step = policy.intraday_minutes / 60
    checks = [math.ceil(t / step) * step for t in sorted(times)]
    for n, check in enumerate(checks):
        seen_at_check = n + 1 == len(checks) or checks[n + 1] != check  # the last request this check counts
        if seen_at_check and check < 24 and judge(n + 1, history, policy) is not None:
            return check
    return None


def _planted(stream: Stream, policy: EarlyWarningPolicy, trials: int, seed: int, size: int | None):
    """(the series' counts per day, the day, the burst's requests) for each of ``trials`` planted bursts."""
    rng = random.Random(seed)
    patterns = Patterns(stream.districts, rng)
    codes = [code for code in sorted(stream.districts) if patterns.bursts.get(code)]
    for _ in range(trials):
        district = rng.choice(codes)
        drawn = patterns.burst(district, stream.feeder.places(district), stream.expected(district), size)
        key = (district, drawn[0].grid, drawn[0].category)  # by the hotline: the operator's category
        day = rng.randrange(policy.history_days, stream.days)
        yield stream.counts.get(key, [0] * stream.days), day, drawn


def rate(pair: Iterable[int]) -> float:
    part, whole = pair
    return part / whole if whole else 0.0
