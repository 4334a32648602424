"""Which district a place is in, inferred from the place itself and never defaulted: a request filed
under the wrong district goes to the wrong triage desk.

In order: a grid code names its district; an address is the district's whose registry holds a building
the text contains, else whose name the text contains (新林区..., 卢湾区...); a point is the district's whose
outline covers it. When the place fits no district, or more than one, there is no answer and the
resident chooses (``candidates`` are the districts that fit, for that choice).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .places import DistrictPlaces, normalise_address


@dataclass(frozen=True)
class Inference:
    district: str | None
    how: str | None  # "grid", "address", "name", "point"
    candidates: tuple[str, ...] = ()


NOWHERE = Inference(None, None)


def infer_district(
    places: Mapping[str, DistrictPlaces],
    names: Mapping[str, str],
    *,
    grid_code: str | None = None,
    address: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Inference:
    """``places`` and ``names`` by district code; the first of grid, address, point that decides."""
    if grid_code:
        found = tuple(code for code, district in places.items() if district.knows_grid(grid_code))
        if len(found) == 1:
            return Inference(found[0], "grid", found)
    if address:
        by_building = tuple(code for code, district in places.items() if district.grid_of_address(address))
        if len(by_building) == 1:
            return Inference(by_building[0], "address", by_building)
        text = normalise_address(address)
        by_name = tuple(code for code in by_building or places if names.get(code) and names[code] in text)
        if len(by_name) == 1:
            return Inference(by_name[0], "name", by_name)
        if len(by_building) > 1:
            return Inference(None, None, by_building)
    if lat is not None and lon is not None:
        covering = tuple(code for code, district in places.items() if district.covers(lat, lon))
        if len(covering) == 1:
            return Inference(covering[0], "point", covering)
        return Inference(None, None, covering)
    return NOWHERE
