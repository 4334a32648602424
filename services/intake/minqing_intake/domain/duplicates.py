"""Duplicate clusters: a new request that is the same request as an open case (same problem, same place, soon).

Two requests are the same when all three hold (the district's ``duplicates`` policy sets the numbers):

- **place**: the same place key (grid, or normalised address when no grid is known; the query compares
  it), and not two different buildings: when both name a building of the district (address or text),
  it is the same one; when a text only says "3号楼" or "2单元", those numbers do not contradict;
- **time**: received within ``window_days`` of each other;
- **text**: the Dice similarity of their *problem terms* reaches ``threshold``. A request's problem
  terms are its jieba words minus place words (its address's words, building numbers, 门口 ...) and
  function words, plus each word's character bigrams, so that 垃圾箱 and 垃圾桶 still share 垃圾.

The rule is measured on ``tests/fixtures/duplicate_pairs.yaml`` (235 labelled pairs); its precision
and recall are in the intake README. Routing decides on merging; the most similar match is the cluster's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from minqing_contracts.org import DuplicatePolicy

# "3号楼", "二单元", "B座": a number of a building or entrance written in the text
_NUMBERED = re.compile(r"([0-9一二三四五六七八九十]+|[A-Z甲乙丙])\s*(号楼|栋|幢|座|单元)")
_NUMBERED_ENDS = frozenset("楼栋幢座元")  # the last character of every _NUMBERED match
_DIGITS = dict(zip("一二三四五六七八九甲乙丙", "123456789ABC", strict=True)) | {"十": "10"}
_PLACE_WORDS = frozenset(
    "小区 家属楼 号楼 楼 楼下 楼上 楼前 楼道 门前 门口 前面 旁边 附近 这边 那边 号 栋 座 单元".split()
)
_FUNCTION_WORDS = frozenset(
    "的 了 在 是 我 我们 你们 他们 有 和 与 就 都 也 很 又 还 再 请 一下 一直 这 那 这个 那个 家 里 上 下 一 个 不 没 "
    "没有 人 能 让 被 把 给 说 要 会 着 过 已经 希望 麻烦 尽快 处理 解决 问题 情况 社区 物业 太 特别 好 多 天 "
    "每天 最近 现在 什么 怎么 时候 一个 好几 几天 管 一管 看看 帮忙".split()
)
_NOT_PROBLEM = _PLACE_WORDS | _FUNCTION_WORDS


class Candidate(NamedTuple):  # up to a hundred per submission: a tuple is the cheapest record
    case_id: str
    ticket: str
    terms: frozenset[str]
    building: str | None
    numbers: frozenset[tuple[str, str]]
    received_at: datetime


def candidate(
    case_id: str,
    ticket: str,
    text: str,
    words: Iterable[str],
    *,
    address: str | None,
    address_words: Iterable[str],
    building: str | None,
    received_at: datetime,
) -> Candidate:
    """A request as the rule compares it (``building``: the district building its address or text names)."""
    terms = problem_terms(words, address_words)
    return Candidate(case_id, ticket, terms, building, numbers_in(f"{address or ''} {text}"), received_at)


def numbers_in(text: str) -> frozenset[tuple[str, str]]:
    """The building and entrance numbers a text names: {("楼", "3"), ("单元", "2")}."""
    found = set()
    for value, kind in _NUMBERED.findall(text):
        found.add(("单元" if kind == "单元" else "楼", "".join(_DIGITS.get(c, c) for c in value)))
    return frozenset(found)


def problem_terms(words: Iterable[str], address_words: Iterable[str] = ()) -> frozenset[str]:
    """What a request says about its problem, not its place: words and their character bigrams."""
    address = address_words if isinstance(address_words, frozenset) else frozenset(address_words)
    terms: set[str] = set()
    for word in words:
        if word in _NOT_PROBLEM or word in address or word.isdigit():
            continue
        if word[-1] in _NUMBERED_ENDS and _NUMBERED.fullmatch(word):
            continue
        terms.add(word)
        if len(word) > 2:  # a word of two characters is its only bigram
            terms.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(terms)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two term sets: 0 (nothing shared) to 1 (the same terms)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def same_place(a: Candidate, b: Candidate) -> bool:
    """Same place key is the query's; here: not two different buildings, nor contradicting numbers."""
    if a.building and b.building:
        return a.building == b.building
    for kind in ("楼", "单元"):
        mine = {n for k, n in a.numbers if k == kind}
        theirs = {n for k, n in b.numbers if k == kind}
        if mine and theirs and not mine & theirs:
            return False
    return True


def same_request(a: Candidate, b: Candidate, policy: DuplicatePolicy) -> bool:
    return (
        abs(a.received_at - b.received_at) <= timedelta(days=policy.window_days)
        and same_place(a, b)
        and similarity(a.terms, b.terms) >= policy.threshold
    )


def find_duplicate(new: Candidate, candidates: Iterable[Candidate], policy: DuplicatePolicy) -> Candidate | None:
    """The most similar open case that is the same request, or None."""
    best, best_score = None, 0.0
    for candidate in candidates:
        if candidate.case_id != new.case_id and same_request(new, candidate, policy):
            score = similarity(new.terms, candidate.terms)
            if score > best_score:
                best, best_score = candidate, score
    return best


def similar_open(
    new: Candidate, candidates: Iterable[Candidate], policy: DuplicatePolicy, limit: int
) -> list[Candidate]:
    """我也遇到了 (me too): the open cases the resident is shown before filing, by the same rule as
    ``find_duplicate``, the most similar first (the newest among equals), at most ``limit``."""
    same = [c for c in candidates if c.case_id != new.case_id and same_request(new, c, policy)]
    same.sort(key=lambda c: (similarity(new.terms, c.terms), c.received_at), reverse=True)
    return same[:limit]
