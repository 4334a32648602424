"""Where a request is: a grid code, an address matched to a building, or a point inside the district.

A place resolves to a grid (网格) when it can: the grid named by code, the grid whose building address
or alias the text contains, or the grid whose polygon contains the point. The ``place_key`` is what
duplicate suggestion compares: the grid when known, else the normalised address text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from shapely.affinity import scale
from shapely.geometry import Point, Polygon
from shapely.prepared import prep

from minqing_contracts.org import DistrictConfig


@dataclass(frozen=True)
class Place:
    grid_code: str | None
    place_key: str | None
    community_name: str | None = None


def normalise_address(text: str) -> str:
    return re.sub(r"[\s,，.。、\-—()（）]", "", text or "")


class DistrictPlaces:
    """The district's grids, buildings and outline, prepared for lookups."""

    def __init__(self, district: DistrictConfig):
        self.grids: dict[str, str] = {}  # grid code -> community name
        self.polygons = []
        self.buildings: list[tuple[str, str]] = []  # (normalised address or alias, grid code), longest first
        self.building_ids: list[tuple[str, str]] = []  # (normalised address or alias, building id), longest first
        self.addresses: dict[str, str] = {}  # building id -> its address
        for street in district.streets:
            for community in street.communities:
                for grid in community.grids:
                    self.grids[grid.code] = community.name
                    if grid.polygon:
                        self.polygons.append((grid.code, prep(Polygon(grid.polygon))))
                    for building in grid.buildings:
                        self.addresses[building.id] = building.address
                        for text in (building.address, *building.aliases):
                            self.buildings.append((normalise_address(text), grid.code))
                            self.building_ids.append((normalise_address(text), building.id))
        self.buildings.sort(key=lambda item: -len(item[0]))
        self.building_ids.sort(key=lambda item: -len(item[0]))
        self.bounds = prep(Polygon(district.bounds)) if district.bounds else None

    def knows_grid(self, code: str) -> bool:
        return code in self.grids

    def inside(self, lat: float, lon: float) -> bool:
        return self.bounds is None or self.bounds.covers(Point(lon, lat))

    def covers(self, lat: float, lon: float) -> bool:
        """The district's outline covers the point (a district with no outline covers none: never a default)."""
        return self.bounds is not None and self.bounds.covers(Point(lon, lat))

    def grid_at(self, lat: float, lon: float) -> str | None:
        point = Point(lon, lat)
        return next((code for code, polygon in self.polygons if polygon.covers(point)), None)

    def grid_near(self, lat: float, lon: float, metres: float) -> str | None:
        """The grid whose outline is closest to a point outside every grid, if within ``metres``."""
        point, shrink = Point(lon, lat), math.cos(math.radians(lat))  # a degree of longitude is shorter
        distances = [
            (scale(polygon.context, xfact=shrink, yfact=1, origin=point).distance(point) * 111_320, code)
            for code, polygon in self.polygons
        ]
        distance, code = min(distances, default=(math.inf, None))
        return code if distance <= metres else None

    def grid_of_address(self, address: str) -> str | None:
        text = normalise_address(address)
        return next((code for key, code in self.buildings if key and key in text), None)

    def building_of(self, *texts: str | None) -> str | None:
        """The id of the first building whose address or alias one of the texts contains (duplicate clusters)."""
        for text in texts:
            normalised = normalise_address(text or "")
            found = next((building for key, building in self.building_ids if key and key in normalised), None)
            if found:
                return found
        return None

    def resolve(self, grid_code: str | None, address: str | None, lat: float | None, lon: float | None) -> Place:
        grid = grid_code or (self.grid_of_address(address) if address else None)
        if grid is None and lat is not None and lon is not None:
            grid = self.grid_at(lat, lon)
        key = f"grid:{grid}" if grid else (f"addr:{normalise_address(address)}" if address else None)
        return Place(grid_code=grid, place_key=key, community_name=self.grids.get(grid) if grid else None)
