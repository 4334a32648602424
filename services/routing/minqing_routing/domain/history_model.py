"""The history model (按历史派单): a multinomial naive Bayes over a case's features → the unit that finally
resolved it, with its posterior as the confidence. Written here rather than taken from scikit-learn, whose
import (with numpy and scipy) costs about 80 MB of a process that must stay under 150 MB.

Features are the request text's Chinese character bigrams (and the single characters of a text too short
for a bigram), without jieba: routing would otherwise load a 60 MB dictionary, and bigrams classify Chinese
requests about as well; plus the place (``grid:``, ``community:``) and the category (``category:``), each
a word of its own. Additive (Laplace) smoothing ``ALPHA``. The model is stored as JSON, never pickle.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

ALPHA = 0.5
KIND = "multinomial_naive_bayes"
_HAN_RUNS = re.compile(r"[\u4e00-\u9fff]+")


def features(text: str, grid_code: str | None, community_id: str | None, category: str) -> Counter[str]:
    """The words the model counts for one case."""
    words: Counter[str] = Counter()
    for run in _HAN_RUNS.findall(text):
        if len(run) == 1:
            words[run] += 1
        else:
            words.update(run[i : i + 2] for i in range(len(run) - 1))
    words[f"category:{category}"] += 1
    if grid_code:
        words[f"grid:{grid_code}"] += 1
    if community_id:
        words[f"community:{community_id}"] += 1
    return words


@dataclass(frozen=True)
class Suggestion:
    unit_id: str
    confidence: float  # the posterior probability of that unit, 0 to 1


@dataclass(frozen=True)
class _Scoring:
    """What a suggestion adds up, computed once per model: each unit's log prior, its log smoothed share of
    an unseen word, and for each word the units that have seen it with the log of how much more likely."""

    prior: dict[str, float]
    per_word: dict[str, float]
    seen: dict[str, dict[str, float]]


@dataclass
class HistoryModel:
    """Per unit: how many cases (``cases``), how many words (``totals``) and each word's count (``counts``,
    word → unit → count, sparse)."""

    cases: dict[str, int]
    totals: dict[str, int]
    counts: dict[str, dict[str, int]]

    @classmethod
    def train(cls, samples: Iterable[tuple[Counter[str], str]]) -> HistoryModel:
        cases: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        counts: dict[str, dict[str, int]] = {}
        for words, unit_id in samples:
            cases[unit_id] += 1
            totals[unit_id] += sum(words.values())
            for word, n in words.items():
                per_unit = counts.setdefault(word, {})
                per_unit[unit_id] = per_unit.get(unit_id, 0) + n
        return cls(dict(cases), dict(totals), counts)

    @cached_property
    def _scoring(self) -> _Scoring:
        vocabulary, all_cases = len(self.counts), sum(self.cases.values())
        return _Scoring(
            prior={unit: math.log(n / all_cases) for unit, n in self.cases.items()},
            per_word={u: math.log(ALPHA) - math.log(self.totals[u] + ALPHA * vocabulary) for u in self.cases},
            seen={
                w: {u: math.log(c + ALPHA) - math.log(ALPHA) for u, c in by.items()} for w, by in self.counts.items()
            },
        )

    def suggest(self, words: Counter[str]) -> Suggestion | None:
        """The most probable unit and its posterior; None for a model that has seen no case. Unseen words
        change no unit's odds."""
        if not self.cases:
            return None
        scoring = self._scoring
        known = {w: n for w, n in words.items() if w in scoring.seen}
        length = sum(known.values())
        scores = {unit: prior + length * scoring.per_word[unit] for unit, prior in scoring.prior.items()}
        for word, n in known.items():
            for unit, weight in scoring.seen[word].items():
                scores[unit] += n * weight
        best = max(scores, key=lambda unit: (scores[unit], unit))
        top = scores[best]
        total = sum(math.exp(score - top) for score in scores.values())
        return Suggestion(best, 1 / total)

    def to_json(self) -> dict[str, Any]:
        return {"kind": KIND, "alpha": ALPHA, "cases": self.cases, "totals": self.totals, "counts": self.counts}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HistoryModel:
        if data.get("kind") != KIND or data.get("alpha") != ALPHA:
            raise ValueError(f"not a history model of this version: {data.get('kind')}, alpha {data.get('alpha')}")
        return cls(dict(data["cases"]), dict(data["totals"]), {w: dict(u) for w, u in data["counts"].items()})
