"""Duplicate suggestion: a new request near-identical in text to an open case at the same place.

Two texts are near-identical when the Jaccard similarity of their word sets (jieba words, no
punctuation) reaches ``JACCARD_THRESHOLD`` or their character sequences match by ``RATIO_THRESHOLD``
(difflib). Place is compared before: only open cases of the same district with the same place key
(the same grid, or the same address when no grid is known) are candidates. Routing decides on merging.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import NamedTuple

JACCARD_THRESHOLD = 0.6
RATIO_THRESHOLD = 0.8
RATIO_WORTH_TRYING = 0.3  # below this word overlap a 0.8 character match is not possible in practice


class Candidate(NamedTuple):  # up to a hundred per submission: a tuple is the cheapest record
    case_id: str
    ticket: str
    content: str
    words: frozenset[str]


def similarity(a_words: frozenset[str], b_words: frozenset[str], a_text: str, b_text: str) -> float:
    union = a_words | b_words
    jaccard = len(a_words & b_words) / len(union) if union else 0.0
    if jaccard >= JACCARD_THRESHOLD:
        return jaccard
    if jaccard < RATIO_WORTH_TRYING:
        return 0.0
    matcher = SequenceMatcher(None, a_text, b_text, autojunk=False)
    if matcher.quick_ratio() < RATIO_THRESHOLD:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= RATIO_THRESHOLD else 0.0


def find_duplicate(content: str, words: Iterable[str], candidates: Iterable[Candidate]) -> Candidate | None:
    """The most similar candidate at or above a threshold, or None."""
    own = frozenset(words)
    best, best_score = None, 0.0
    for candidate in candidates:
        score = similarity(own, candidate.words, content, candidate.content)
        if score > best_score:
            best, best_score = candidate, score
    return best
