"""What the simulator plants in its stream besides the steady mix, so that evaluation has something real to
find (issue 16); drawn with the run's seeded random generator, so a seed repeats them.

- **A burst (突发)**: right away and then daily in each district, requests about one cause in one grid x
  category within minutes (a frozen heating pipe, a burst water main), from the grid's buildings. Intake
  flags the later ones of a building as near-duplicates of its first (one place, the same problem; two
  buildings are never duplicates), the handlers merge them into it (a duplicate cluster), and the next
  morning's early-warning check flags the grid x category. Its size is three times the series' ordinary
  day and five of its standard deviations (3λ + 5√λ of a Poisson day of rate λ), at least ``BURST_MIN``:
  a burst is a burst however busy the district. Its requests come by the hotline (``BURST_CHANNEL``,
  12345: residents phone about an outage), whose operator gives the category: intake's classifier, left
  to the text, files some under the address's words (a 棚改安置小区's requests under 征地拆迁), which
  would split the burst.
- **A recurring problem (反复出现的问题)**: ``RECURRING_SHARE`` of the steady requests are about one cause
  shared by one street's buildings (riders charging on a street, a market's noise, a pumping station's
  low pressure), in the several ways residents put it. They are not duplicates (other buildings, other
  words), so they stay cases of their own and form one of the month's recurring problems.
- **A neighbour's report of the same matter**: ``REFILE_SHARE`` of the steady requests repeat one of the
  last requests at its place (a second resident reporting what a first one did): a near-duplicate.

Each cause's texts carry a keyword of its category in the districts' configuration (the words intake
classifies by); a cause none of whose district's keywords appear is not planted there.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass

BURST_MIN = 8  # requests in a burst at least
BURST_CHANNEL = "hotline"
RECURRING_SHARE = 0.06
REFILE_SHARE = 0.04
REFILE_PREFIX = "同一件事我也反映一下:"

RECURRING_CAUSES = {
    "municipal": [
        "{place}自来水水压太低,早晚用水高峰楼上几乎没水。",
        "{place}这段时间自来水水压一直不够,热水器打不起来。",
        "{place}自来水出水很小,水压太低,洗澡做饭都困难。",
    ],
    "public_safety": [
        "{place}路边外卖骑手集中给电瓶车充电,飞线充电有火灾安全隐患。",
        "{place}楼下每天晚上都有外卖骑手飞线充电,电线横在路上,有安全隐患。",
        "外卖骑手在{place}门口私拉电线给电瓶车充电,担心发生火灾。",
    ],
    "neighbour_dispute": [
        "{place}旁边的早市凌晨四点就开始卸货吆喝,噪音吵得睡不着。",
        "早市商贩在{place}附近用喇叭叫卖,噪音扰民。",
        "{place}门口早市的摊贩天不亮就开始摆摊,噪音太大。",
    ],
}
BURST_CAUSES = {
    "municipal": [
        [
            "{place}暖气管道冻裂了,整栋楼暖气都停了,家里冷得待不住。",
            "{place}从早上开始暖气不热,听说是管道冻裂了,什么时候能修好?",
            "{place}停暖一上午了,暖气片冰凉,请供热公司尽快抢修。",
        ],
        [
            "{place}突然停水了,听说是自来水管爆了,家里一点水都没有。",
            "{place}从早上开始停水,自来水管道爆裂,什么时候能恢复供水?",
            "{place}停水半天了,没有自来水做饭,请尽快抢修。",
        ],
    ],
}


@dataclass(frozen=True)
class Draw:
    """One request as the simulator files it: what it is about, where, and its text."""

    category: str
    address: str
    grid: str
    community: str
    content: str


def said_in(texts: list[str], keywords: list[str]) -> bool:
    """Every text says one of the category's keywords (so intake files it under that category)."""
    return all(any(word in text for word in keywords) for text in texts)


class Patterns:
    """The planted causes of each district, chosen once per run from its configuration."""

    def __init__(self, districts: dict, rng: random.Random):
        self.rng = rng
        self.recent: dict[str, deque[Draw]] = {code: deque(maxlen=20) for code in districts}
        self.recurring: dict[str, tuple[str, str, list[tuple[str, str, str]], list[str]]] = {}  # category, street
        self.bursts: dict[str, list[tuple[str, list[str]]]] = {}
        for code, config in districts.items():
            keywords = {c.code: list(c.keywords) for c in config.categories}
            causes = [(c, t) for c, t in RECURRING_CAUSES.items() if said_in(t, keywords.get(c, []))]
            streets = [s for s in config.streets if any(g.buildings for c in s.communities for g in c.grids)]
            if causes and streets:
                category, texts = rng.choice(causes)
                street = rng.choice(streets)
                places = [(b.address, g.code, c.id) for c in street.communities for g in c.grids for b in g.buildings]
                self.recurring[code] = (category, street.id, places, texts)
            self.bursts[code] = [
                (c, t) for c, options in BURST_CAUSES.items() for t in options if said_in(t, keywords.get(c, []))
            ]

    def steady(self, district: str, drawn: Draw) -> Draw:
        """The steady draw, or in its place a recurring cause's request or a neighbour's report."""
        roll = self.rng.random()
        if roll < RECURRING_SHARE and district in self.recurring:
            drawn = self.recurring_case(district)
        elif roll < RECURRING_SHARE + REFILE_SHARE and self.recent[district]:
            first = self.rng.choice(self.recent[district])
            return Draw(first.category, first.address, first.grid, first.community, REFILE_PREFIX + first.content)
        self.recent[district].append(drawn)
        return drawn

    def recurring_case(self, district: str) -> Draw:
        """A request about the district's recurring cause, at one of its street's buildings."""
        category, _, places, texts = self.recurring[district]
        address, grid, community = self.rng.choice(places)
        return Draw(category, address, grid, community, self.rng.choice(texts).format(place=address))

    def burst(
        self, district: str, places: list[tuple[str, str, str]], expected: float, size: int | None = None
    ) -> list[Draw]:
        """A burst's requests in one grid: ``expected`` is the grid x category's requests on an ordinary day
        (the burst is three times that and five of its standard deviations, at least ``BURST_MIN``,
        unless ``size`` says otherwise)."""
        if not self.bursts.get(district) or not places:
            return []
        category, texts = self.rng.choice(self.bursts[district])
        grid = self.rng.choice(sorted({g for _, g, _ in places}))
        buildings = [p for p in places if p[1] == grid]
        size = size or max(BURST_MIN, math.ceil(3 * expected + 5 * math.sqrt(expected)))
        drawn = []
        for n in range(size):
            address, _, community = buildings[n % len(buildings)]
            drawn.append(Draw(category, address, grid, community, self.rng.choice(texts).format(place=address)))
        return drawn
