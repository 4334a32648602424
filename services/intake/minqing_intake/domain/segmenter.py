"""Chinese word segmentation: the words jieba 0.42's precise mode with its HMM gives
(``jieba.Tokenizer().lcut(text)`` after ``add_word`` of the same words), from jieba's own dictionary and
HMM tables, held compactly (``word_table.WordTable``: ~11 MB against the ~60 MB of jieba's dict).

How jieba cuts, which this follows step for step so that every word is the same
(``tests/intake/test_segmenter.py`` compares the two): the text splits into runs of Chinese, letters, digits
and ``+#&._%-`` and the rest (white space kept as it is, any other character alone). In a run, every
dictionary word starting at each position is an edge; the route maximises the sum of log(frequency /
total) from the end backwards (an unknown character counts as frequency 1; on a tie the longer word).
Consecutive single characters of the route that are not a word together are cut again by the HMM
(B/M/E/S states, Viterbi), which finds words the dictionary lacks.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import pickle
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .word_table import WordTable

MIN_FLOAT = -3.14e100  # jieba's log probability of what its HMM never saw
_RUN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SPACE = re.compile(r"(\r\n|\s)")
_CHINESE = re.compile("([\u4e00-\u9fd5]+)")
_LATIN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_STATES = "BMES"
# the states a state may follow, in jieba's order (a tie goes to the later letter, as in its max over tuples)
_BEFORE = {"B": ("E", "S"), "M": ("M", "B"), "S": ("S", "E"), "E": ("B", "M")}
Probabilities = dict[str, dict[str, float]]  # state -> (next state or character) -> log probability


_FIRST, _LAST = 0x4E00, 0x9FD5  # the characters the HMM sees: only runs of _CHINESE reach it


@dataclass(frozen=True)
class Hmm:
    """jieba's character HMM: log probabilities of the first state and of each transition, and of each
    Chinese character in each state: ``emit[4 * (ord(char) - 0x4E00) + state]`` (states B, M, E, S;
    MIN_FLOAT for never seen), one array of 670 KB instead of dicts of 14,600 characters (~4 MB)."""

    start: tuple[float, ...]
    trans: dict[tuple[str, str], float]
    emit: array[float]

    @classmethod
    def of(cls, start: dict[str, float], trans: Probabilities, emit: Probabilities) -> Hmm:
        table = array("d", [MIN_FLOAT]) * (4 * (_LAST - _FIRST + 1))
        for state, probabilities in enumerate(emit[s] for s in _STATES):
            for char, p in probabilities.items():
                if _FIRST <= ord(char) <= _LAST:
                    table[4 * (ord(char) - _FIRST) + state] = p
        return cls(
            start=tuple(start[s] for s in _STATES),
            trans={(a, b): p for a, row in trans.items() for b, p in row.items()},
            emit=table,
        )


class Segmenter:
    """The words of a text, with ``words`` (word, frequency) added to the dictionary for this segmenter only
    (as jieba's ``add_word``: a word's frequency also adds to the total)."""

    def __init__(self, table: WordTable, hmm: Hmm, words: Iterable[tuple[str, int]] = ()):
        self.table, self.hmm = table, hmm
        self.extra: dict[str, int] = {}
        total = table.total
        for word, freq in words:
            if freq <= 0:
                raise ValueError(f"an added word needs a frequency above 0: {word!r}")
            self.extra[word] = freq
            total += freq
            for end in range(1, len(word)):
                prefix = word[:end]
                if prefix not in self.extra and table.freq(prefix) is None:
                    self.extra[prefix] = 0
        self.logtotal = math.log(total)

    def freq(self, text: str) -> int | None:
        """The frequency of a word, 0 for a prefix of words that is none, None for neither."""
        extra = self.extra.get(text)
        return extra if extra is not None else self.table.freq(text)

    def lcut(self, text: str) -> list[str]:
        found: list[str] = []
        for run in _RUN.split(text):
            if not run:
                continue
            if _RUN.match(run):
                self._cut_run(run, found)
                continue
            for piece in _SPACE.split(run):
                if _SPACE.match(piece):
                    found.append(piece)
                else:
                    found.extend(piece)
        return found

    def _cut_run(self, run: str, found: list[str]) -> None:
        ends = self._route(run)
        single, start, n = "", 0, len(run)
        while start < n:
            end = ends[start]
            if end - start == 1:
                single += run[start]
            else:
                if single:
                    self._singles(single, found)
                    single = ""
                found.append(run[start:end])
            start = end
        if single:
            self._singles(single, found)

    def _route(self, run: str) -> list[int]:
        """For each position, where the best route's word starting there ends (exclusive)."""
        n, freq, logtotal, log = len(run), self.freq, self.logtotal, math.log
        best = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            chosen, chosen_end = 0.0, -1
            i, fragment = k, run[k]
            while i < n:
                f = freq(fragment)
                if f is None:
                    break
                if f:
                    score = log(f) - logtotal + best[i + 1]
                    if chosen_end < 0 or score >= chosen:  # ascending ends: a tie goes to the longer word
                        chosen, chosen_end = score, i + 1
                i += 1
                fragment = run[k : i + 1]
            if chosen_end < 0:  # no word starts here: the character alone, frequency 1
                chosen, chosen_end = -logtotal + best[k + 1], k + 1
            best[k], ends[k] = chosen, chosen_end
        return ends

    def _singles(self, single: str, found: list[str]) -> None:
        """Consecutive one-character words of the route: one word, or the HMM's words when they are none."""
        if len(single) == 1:
            found.append(single)
        elif self.freq(single):
            found.extend(single)
        else:
            for part in _CHINESE.split(single):
                if _CHINESE.match(part):
                    self._hmm_words(part, found)
                else:
                    found.extend(piece for piece in _LATIN.split(part) if piece)

    def _hmm_words(self, text: str, found: list[str]) -> None:
        states = self._viterbi(text)
        begin = following = 0
        for i, state in enumerate(states):
            if state == "B":
                begin = i
            elif state == "E":
                found.append(text[begin : i + 1])
                following = i + 1
            elif state == "S":
                found.append(text[i])
                following = i + 1
        if following < len(text):
            found.append(text[following:])

    def _viterbi(self, text: str) -> str:
        """The most likely state of each character (jieba's ties: the later state letter)."""
        emit, trans = self.hmm.emit, self.hmm.trans
        at = 4 * (ord(text[0]) - _FIRST)
        score = {s: self.hmm.start[i] + emit[at + i] for i, s in enumerate(_STATES)}
        back: list[dict[str, str]] = []
        for char in text[1:]:
            at = 4 * (ord(char) - _FIRST)
            now, came = {}, {}
            for i, state in enumerate(_STATES):
                a, b = _BEFORE[state]
                pa = score[a] + trans.get((a, state), MIN_FLOAT) + emit[at + i]
                pb = score[b] + trans.get((b, state), MIN_FLOAT) + emit[at + i]
                now[state], came[state] = (pa, a) if (pa, a) > (pb, b) else (pb, b)
            score = now
            back.append(came)
        state = "E" if (score["E"], "E") > (score["S"], "S") else "S"
        path = [state]
        for came in reversed(back):
            state = came[state]
            path.append(state)
        return "".join(reversed(path))


def _jieba_files() -> Path:
    """jieba's package directory, found without importing jieba (which imports pkg_resources: ~9 MB)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: its dictionary is intake's")
    return Path(next(iter(spec.submodule_search_locations)))


def _dictionary_words(path: Path) -> Iterator[tuple[str, int]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                word, freq = line.strip().split(" ")[:2]
                yield word, int(freq)
            except ValueError as exc:
                raise ValueError(f"invalid dictionary entry in {path} at line {number}: {line!r}") from exc


def _hmm_table(directory: Path, name: str) -> Any:
    with (directory / "finalseg" / f"{name}.p").open("rb") as file:
        return pickle.load(file)  # jieba's own tables, installed with it


@functools.cache
def jieba_dictionary() -> tuple[WordTable, Hmm]:
    """jieba's dictionary and HMM, loaded once per process (about 1.5 s), on first use."""
    directory = _jieba_files()
    table = WordTable(functools.partial(_dictionary_words, directory / "dict.txt"))
    hmm = Hmm.of(*(_hmm_table(directory, name) for name in ("prob_start", "prob_trans", "prob_emit")))
    return table, hmm
