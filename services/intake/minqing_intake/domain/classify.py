"""Suggest a category from the Chinese text: jieba segmentation plus the district's keyword rules.

Each category of the district configuration lists keywords. The text is segmented with jieba (the
keywords are added to its dictionary so that a keyword is never split); each category scores the
length of every distinct keyword found among the words. The best score wins; the confidence is its
share of all scores, damped when only one short keyword fired. No keyword: ``other``, confidence 0.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba

from minqing_contracts.org import Category

jieba.setLogLevel(logging.WARNING)
FALLBACK = "other"
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    category: str
    confidence: float
    rule: str | None  # "keyword:垃圾+清运", "operator", "reporter" or None


class KeywordClassifier:
    def __init__(self, categories: list[Category], tokenizer: jieba.Tokenizer | None = None):
        self.tokenizer = tokenizer or jieba.Tokenizer()
        self.keywords: dict[str, list[str]] = {}
        for category in categories:
            self.keywords[category.code] = list(dict.fromkeys(category.keywords))
            for keyword in category.keywords:
                self.tokenizer.add_word(keyword, freq=20000)
        self.order = [c.code for c in categories]

    def words(self, text: str) -> list[str]:
        return [w for w in self.tokenizer.lcut(text) if _WORD.search(w)]

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
