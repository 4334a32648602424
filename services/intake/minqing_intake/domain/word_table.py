"""The segmenter's dictionary in about 11 MB instead of a Python dict's 60: every word and every prefix of a
word, with the word's frequency (0 for a prefix that is no word), in one open-addressing hash table.

A dict of 500,000 short strings costs a string object, an int object and a dict entry each (~120 bytes).
Here each entry is one 64-bit slot of an ``array``: the frequency (20 bits), where the entry's text
starts in ``text`` (the dictionary's words written one after the other, one compact string; 23 bits),
its length (5 bits) and a 16-bit fingerprint of its hash. A lookup probes from the slot its hash names
and compares the text only when length and fingerprint agree, so the answer is exact. The table lives in
the process that builds it: Python's string hash differs between processes (gunicorn's workers inherit the
master's, so they share its pages).
"""

from __future__ import annotations

import io
from array import array
from collections.abc import Callable, Iterable

_SLOTS_BITS = 20  # 1,048,576 slots: jieba's 349,046 words make 498,000 entries, under half full
_FREQ_BITS, _OFFSET_BITS, _LENGTH_BITS = 20, 23, 5
_OFFSET_SHIFT = _FREQ_BITS
_LENGTH_SHIFT = _FREQ_BITS + _OFFSET_BITS
_PRINT_SHIFT = _LENGTH_SHIFT + _LENGTH_BITS
_FREQ_MASK, _OFFSET_MASK, _LENGTH_MASK = (1 << _FREQ_BITS) - 1, (1 << _OFFSET_BITS) - 1, (1 << _LENGTH_BITS) - 1


class WordTable:
    """Frequencies of words and their prefixes: ``freq(text)`` is None for no entry, 0 for a prefix only."""

    def __init__(self, words: Callable[[], Iterable[tuple[str, int]]], slots_bits: int = _SLOTS_BITS):
        """``words()`` is read twice, the text first, then the entries: no list of the words is ever held
        (a web master's peak memory is its memory after the build)."""
        written = io.StringIO()
        for word, freq in words():
            if not 0 < len(word) <= _LENGTH_MASK or not 0 <= freq <= _FREQ_MASK:
                raise ValueError(f"dictionary entry out of range: {word!r} {freq}")
            written.write(word)
        self.text = written.getvalue()
        del written
        if len(self.text) > _OFFSET_MASK:
            raise ValueError("dictionary too large for the table")
        self.mask = (1 << slots_bits) - 1
        self.slots = array("Q", [0]) * (1 << slots_bits)
        self.total = self.entries = offset = 0
        for word, freq in words():
            length = len(word)
            for end in range(1, length + 1):
                self._enter(offset, end, freq if end == length else None)
            offset += length
            self.total += freq
        if offset != len(self.text):
            raise ValueError("the dictionary changed while it was read")

    def _enter(self, offset: int, length: int, freq: int | None) -> None:
        """Add ``text[offset:offset + length]`` (a prefix when ``freq`` is None: frequency 0 unless it is
        a word) or set its frequency (a word listed again: the last frequency counts, as in jieba)."""
        entry = self.text[offset : offset + length]
        slot, fingerprint, _ = self._home(entry)
        while value := self.slots[slot]:
            if value >> _PRINT_SHIFT == fingerprint and (value >> _LENGTH_SHIFT) & _LENGTH_MASK == length:
                start = (value >> _OFFSET_SHIFT) & _OFFSET_MASK
                if self.text[start : start + length] == entry:
                    if freq is not None:
                        self.slots[slot] = value & ~_FREQ_MASK | freq
                    return
            slot = (slot + 1) & self.mask
        if self.entries >= self.mask * 3 // 4:
            raise ValueError("dictionary too large for the table")
        self.slots[slot] = fingerprint << _PRINT_SHIFT | length << _LENGTH_SHIFT | offset << _OFFSET_SHIFT | (freq or 0)
        self.entries += 1

    def _home(self, entry: str) -> tuple[int, int, int]:
        h = hash(entry)
        return h & self.mask, (h >> 24) & 0xFFFF, len(entry)

    def freq(self, entry: str) -> int | None:
        slot, fingerprint, length = self._home(entry)
        slots, mask, text = self.slots, self.mask, self.text
        while value := slots[slot]:
            if value >> _PRINT_SHIFT == fingerprint and (value >> _LENGTH_SHIFT) & _LENGTH_MASK == length:
                start = (value >> _OFFSET_SHIFT) & _OFFSET_MASK
                if text[start : start + length] == entry:
                    return value & _FREQ_MASK
            slot = (slot + 1) & mask
        return None
