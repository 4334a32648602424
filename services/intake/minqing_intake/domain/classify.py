"""Suggest a category from the Chinese text: jieba's segmentation plus the district's keyword rules.

Each category of the district configuration lists keywords. The text is segmented as jieba segments it
(``segmenter.py``, on jieba's dictionary held compactly; the district's keywords are added to it for this
classifier only, so that a keyword is never split); each category scores the
length of every distinct keyword found among the words. The best score wins; the confidence is its
share of all scores, damped when only one short keyword fired. No keyword: ``other``, confidence 0.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from minqing_contracts.org import Category

from .segmenter import Hmm, Segmenter, jieba_dictionary
from .word_table import WordTable

ADDRESSES_KEPT = 2048  # address_words' cache: ~1 MB
KEYWORD_FREQ = 20000  # a keyword's frequency in the dictionary: high enough that it is never split
FALLBACK = "other"
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    category: str
    confidence: float
    rule: str | None  # "keyword:垃圾+清运", "operator", "reporter" or None


class KeywordClassifier:
    def __init__(self, categories: list[Category], dictionary: tuple[WordTable, Hmm] | None = None):
        self.keywords = {category.code: list(dict.fromkeys(category.keywords)) for category in categories}
        added = [(keyword, KEYWORD_FREQ) for category in categories for keyword in category.keywords]
        self.segmenter = Segmenter(*(dictionary or jieba_dictionary()), added)
        self.order = [c.code for c in categories]
        # the open cases at a place share a few buildings' addresses: each one segmented once per process
        self.address_words = functools.lru_cache(maxsize=ADDRESSES_KEPT)(self._address_words)

    def words(self, text: str) -> list[str]:
        return [w for w in self.segmenter.lcut(text) if _WORD.search(w)]

    def _address_words(self, address: str) -> frozenset[str]:
        return frozenset(self.words(address))

    def suggest(self, text: str, words: list[str] | None = None) -> Suggestion:
        found = set(self.words(text) if words is None else words)
        scores: dict[str, tuple[int, list[str]]] = {}
        for code in self.order:
            hits = [k for k in self.keywords[code] if k in found]
            if hits:
                scores[code] = (sum(len(k) for k in hits), hits)
        if not scores:
            return Suggestion(FALLBACK, 0.0, None)
        best = max(scores, key=lambda code: (scores[code][0], -self.order.index(code)))
        score, hits = scores[best]
        share = score / sum(s for s, _ in scores.values())
        strength = min(1.0, 0.5 + 0.25 * (len(hits) - 1) + 0.05 * score)
        return Suggestion(best, round(share * min(strength, 1.0), 2), "keyword:" + "+".join(hits))
