"""Address suggestions as a resident types: the buildings of every district's registry (its
configuration's buildings, their addresses and aliases), matched on the normalised text.

Entries that start with the query come first (in the order of the text), then entries that contain it.
Neither reads every entry: the ones starting with it are a range of the sorted keys (bisect), and the ones
containing it are among the entries holding every one of the query's character pairs, found through an
inverted index of pairs (the two rarest pairs' lists intersected), read until enough are found.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from minqing_contracts.org import DistrictConfig

from .places import normalise_address


@dataclass(frozen=True)
class Entry:
    district: str
    address: str  # as residents write it (the building's address; an alias matched is shown with it)
    building_id: str
    grid_code: str
    matched: str  # the text that matched: the address or one of its aliases


class AddressIndex:
    def __init__(self, entries: Iterable[Entry]):
        self._entries: list[Entry] = []
        self._keys: list[str] = []
        grams: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            key = normalise_address(entry.matched)
            if not key:
                continue
            index = len(self._entries)
            self._entries.append(entry)
            self._keys.append(key)
            for gram in {key[i : i + 2] for i in range(len(key) - 1)} | set(key):
                grams[gram].append(index)
        self._grams = dict(grams)
        self._sorted = sorted(range(len(self._keys)), key=self._keys.__getitem__)  # entry numbers by key
        self._sorted_keys = [self._keys[i] for i in self._sorted]

    def __len__(self) -> int:
        return len(self._entries)

    def suggest(self, query: str, *, limit: int = 8, district: str | None = None) -> list[Entry]:
        """Up to ``limit`` buildings whose address or alias contains the query, one row per building."""
        text = normalise_address(query)
        if not text:
            return []
        found: dict[tuple[str, str], Entry] = {}
        for index in self._starting_with(text):
            if self._take(index, district, found) and len(found) >= limit:
                return list(found.values())
        for index in self._containing(text):
            if self._take(index, district, found) and len(found) >= limit:
                break
        return list(found.values())

    def _take(self, index: int, district: str | None, found: dict[tuple[str, str], Entry]) -> bool:
        entry = self._entries[index]
        if (district and entry.district != district) or (entry.district, entry.building_id) in found:
            return False
        found[(entry.district, entry.building_id)] = entry
        return True

    def _starting_with(self, text: str) -> Iterator[int]:
        position = bisect_left(self._sorted_keys, text)
        while position < len(self._sorted_keys) and self._sorted_keys[position].startswith(text):
            yield self._sorted[position]
            position += 1

    def _containing(self, text: str) -> Iterator[int]:
        """Entries containing ``text`` but not starting with it, in registry order."""
        grams = {text[i : i + 2] for i in range(len(text) - 1)} or {text}
        postings = sorted((self._grams.get(gram, []) for gram in grams), key=len)
        candidates: Iterable[int] = postings[0]
        if len(postings) > 1 and len(postings[0]) > 256:  # a common pair: only entries holding the next one too
            candidates = sorted(set(postings[0]).intersection(postings[1]))
        for index in candidates:
            key = self._keys[index]
            if text in key and not key.startswith(text):
                yield index


def district_entries(district: DistrictConfig) -> list[Entry]:
    """Each building's address and aliases of the district's registry (its configuration)."""
    return [
        Entry(district.code, building.address, building.id, grid.code, text)
        for street in district.streets
        for community in street.communities
        for grid in community.grids
        for building in grid.buildings
        for text in (building.address, *building.aliases)
    ]
