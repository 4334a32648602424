"""Recurring problems: groups of a month's cases that share a cause without being duplicates (the same
building's water pressure, one market's noise, delivery riders charging on one street), found by text
and place, and explained by their top words, places and sample tickets.

How (written in the evaluation README too):

1. **Place**: cases are compared within one street and one category (a *block*).
2. **Text**: a case's terms are its jieba words and the character pairs of its Chinese text. A term
   *anchors* a problem in a block when at least ``min_size`` of the block's cases have it and it is
   over-represented there: its share of the block's cases is at least ``min_lift`` times its share
   of the district's (so words every request uses, 小区 or 希望, anchor nothing).
3. **Groups**: anchors are taken by the number of cases that have them (then lift); each takes the
   block's cases not yet in a group that have it, if there are still ``min_size`` of them.
4. **Explain and rank**: the top words are the group's anchoring terms (lift at least ``min_lift``)
   by cases x lift, counted over its public cases only (a 不公开 request's text is never shown, not even
   as a word: the terms of 不公开 cases group and lift, but a term only they have is no top word, and a
   group of 不公开 cases alone has none); the places, its grids
   with their cases; the samples, the cases with most of the top words. Ranked by ``size`` (cases),
   ``growth`` (cases in the period's second half minus its first half) or ``spread`` (grids with
   cases), ties by size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ORDERS = ("size", "growth", "spread")


@dataclass(frozen=True)
class Request:
    case_id: str
    ticket: str
    category: str
    grid_code: str
    street: str
    day: date
    words: frozenset[str]
    public: bool = True  # 公开; False: 不公开, counted, but none of its words a top word, never a sample ticket


@dataclass(frozen=True)
class Problem:
    category: str
    street: str
    size: int
    growth: int
    spread: int
    top_words: list[str]
    grids: list[tuple[str, int]]  # grid code, cases there; most first
    samples: list[str]  # tickets of the cases nearest the centroid
    case_ids: list[str]


@dataclass(frozen=True)
class Settings:
    min_size: int = 5
    min_lift: float = 3.0
    top_words: int = 5
    samples: int = 3


Block = tuple[str, str]  # (category, street)


def find(requests: Iterable[Request], first: date, last: date, settings: Settings = Settings()) -> list[Problem]:
    """The period's recurring problems (``first`` to ``last``, local days), largest first."""
    blocks: dict[Block, list[Request]] = defaultdict(list)
    for request in sorted(requests, key=lambda r: (r.day, r.ticket)):
        blocks[(request.category, request.street)].append(request)
    total = sum(len(b) for b in blocks.values())
    district = Counter(w for b in blocks.values() for r in b for w in r.words)
    middle = first.toordinal() + ((last - first).days + 1) // 2
    found = []
    for members in blocks.values():
        lift = _lifts(members, district, total, settings)
        for group in _groups(members, lift, settings):
            found.append(_explain(group, lift, middle, settings))
    return sorted(found, key=lambda p: (-p.size, -p.spread, p.samples))


def ranked(problems: list[Problem], order: str) -> list[Problem]:
    if order == "size":
        return problems
    return sorted(problems, key=lambda p: (-getattr(p, order), -p.size, p.samples))


def _lifts(members: list[Request], district: Counter[str], total: int, settings: Settings) -> dict[str, float]:
    """Each term of the block: its share of the block's cases over its share of the district's."""
    here = Counter(w for r in members for w in r.words)
    return {w: (n / len(members)) / (district[w] / total) for w, n in here.items() if n >= settings.min_size}


def _groups(members: list[Request], lift: dict[str, float], settings: Settings) -> list[list[Request]]:
    having: dict[str, list[Request]] = defaultdict(list)
    for request in members:
        for word in request.words:
            if lift.get(word, 0.0) >= settings.min_lift:
                having[word].append(request)
    taken: set[str] = set()
    groups = []
    for word in sorted(having, key=lambda w: (-len(having[w]), -lift[w], w)):
        group = [r for r in having[word] if r.case_id not in taken]
        if len(group) >= settings.min_size:
            groups.append(group)
            taken.update(r.case_id for r in group)
    return groups


def _explain(group: list[Request], lift: dict[str, float], middle: int, settings: Settings) -> Problem:
    shown = [r for r in group if r.public]  # the dashboard and its API are public: nothing of a 不公开 text
    counts = Counter(w for r in shown for w in r.words if lift.get(w, 0.0) >= settings.min_lift)
    words = sorted(counts, key=lambda w: (-counts[w] * lift[w], w))[: settings.top_words]
    grids = Counter(r.grid_code for r in group).most_common()
    second = sum(r.day.toordinal() >= middle for r in group)
    samples = sorted(shown, key=lambda r: (-len(r.words & set(words)), r.ticket))[: settings.samples]
    return Problem(
        category=group[0].category,
        street=group[0].street,
        size=len(group),
        growth=second - (len(group) - second),
        spread=len(grids),
        top_words=words,
        grids=grids,
        samples=[r.ticket for r in samples],
        case_ids=[r.case_id for r in group],
    )
