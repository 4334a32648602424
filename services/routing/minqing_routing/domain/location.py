"""Where is it? A given grid code; else the address against the district's registry (exact, then
fuzzy, aliases included); else latitude/longitude inside a grid polygon. Else unresolved (triage)."""

from __future__ import annotations

import difflib
import re

from shapely import STRtree
from shapely.geometry import Point, Polygon

from .org import DistrictOrg, Place

FUZZY_CUTOFF = 0.75
_NOISE = re.compile(r"[\s,，。.、()（）\-—]+")
_DIGITS = str.maketrans("一二三四五六七八九十", "123456789十")


def normalise(address: str) -> str:
    """Drop spaces and punctuation, unify Chinese numerals 一..九 with digits, fold case."""
    return _NOISE.sub("", address).translate(_DIGITS).replace("栋", "号楼").replace("幢", "号楼").lower()


class Locator:
    def __init__(self, org: DistrictOrg):
        self.org = org
        self.addresses: dict[str, str] = {}  # normalised address or alias -> grid code
        self.polygons: list[tuple[str, Polygon]] = []  # in the configuration's order: the first that covers wins
        for street in org.config.streets:
            for community in street.communities:
                for grid in community.grids:
                    for building in grid.buildings:
                        for text in (building.address, *building.aliases):
                            self.addresses[normalise(text)] = grid.code
                    if grid.polygon:
                        self.polygons.append((grid.code, Polygon(grid.polygon)))
        # the grids' outlines in a spatial index: a point is tested against the few whose box holds it, not all
        self._outlines = STRtree([polygon for _, polygon in self.polygons])

    def locate(self, grid_code: str | None, address: str | None, lat: float | None, lon: float | None) -> Place:
        if grid_code and grid_code in self.org.grid_community:
            return self._place(grid_code, "grid_code")
        if address:
            found = self._by_address(address)
            if found:
                return self._place(*found)
        if lat is not None and lon is not None:
            covering = self._outlines.query(Point(lon, lat), predicate="covered_by")
            if len(covering):
                return self._place(self.polygons[int(covering.min())][0], "coordinates")
        return Place(None, None, "unresolved")

    def _by_address(self, address: str) -> tuple[str, str] | None:
        key = normalise(address)
        if not key:
            return None
        if key in self.addresses:
            return self.addresses[key], "address_exact"
        # a registry entry the resident wrote inside a longer text ("幸福小区3号楼门前")
        contained = [k for k in self.addresses if len(k) >= 4 and k in key]
        if contained:
            return self.addresses[max(contained, key=len)], "address_fuzzy"
        close = difflib.get_close_matches(key, list(self.addresses), n=1, cutoff=FUZZY_CUTOFF)
        if close:
            return self.addresses[close[0]], "address_fuzzy"
        return None

    def _place(self, grid_code: str, how: str) -> Place:
        return Place(grid_code, self.org.grid_community[grid_code], how)
