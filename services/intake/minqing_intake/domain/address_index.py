"""Address suggestions as a resident types: the buildings of every district's registry (its
configuration's buildings, their addresses and aliases), matched on the normalised text.

A query matches an entry whose normalised address or alias contains it; entries that start with it come
first, then shorter ones. An inverted index of character pairs keeps a query from reading every entry:
the entries holding the query's rarest pair are the only ones compared (a one-character query uses the
character's own list).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
        self._grams: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            key = normalise_address(entry.matched)
            if not key:
                continue
            index = len(self._entries)
            self._entries.append(entry)
            self._keys.append(key)
            for gram in {key[i : i + 2] for i in range(len(key) - 1)} | set(key):
                self._grams[gram].append(index)

    def __len__(self) -> int:
        return len(self._entries)

    def suggest(self, query: str, *, limit: int = 8, district: str | None = None) -> list[Entry]:
        """Up to ``limit`` buildings whose address or alias contains the query, one row per building."""
        text = normalise_address(query)
        if not text:
            return []
        grams = [text[i : i + 2] for i in range(len(text) - 1)] or [text]
        postings = [self._grams.get(gram, []) for gram in grams]
        rarest = min(postings, key=len)
        found: dict[tuple[str, str], tuple[tuple[int, int], Entry]] = {}
        for index in rarest:
            key, entry = self._keys[index], self._entries[index]
            if text not in key or (district and entry.district != district):
                continue
            rank = (0 if key.startswith(text) else 1, len(key))
            building = (entry.district, entry.building_id)
            if building not in found or rank < found[building][0]:
                found[building] = (rank, entry)
        ranked = sorted(found.values(), key=lambda item: (item[0], item[1].address))
        return [entry for _, entry in ranked[:limit]]


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
