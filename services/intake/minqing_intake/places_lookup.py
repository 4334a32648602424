"""Use cases of the resident's place picker: address suggestions as one types, the place at a point (the
phone's location or a pin: district, grid, nearest building) and a district's map as GeoJSON.

Coordinates are WGS-84 everywhere in Minqing; ``crs="gcj02"`` is the tile layer's, for a map drawn on
a Chinese provider's tiles: the map comes converted to it and a pin on it is converted back
(domain.gcj02)."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select

from minqing_kit.errors import ApiError

from .adapters.place_tables import building_files
from .bootstrap import Runtime
from .domain import gcj02
from .domain.district_inference import infer_district

NEAREST_BUILDING_METRES = 150  # a point farther than this from every building on file names no building
NEAREST_GRID_METRES = 300  # a point outside every grid but this close to one is that grid's


def suggestions(runtime: Runtime, query: str, district: str | None = None, limit: int = 8) -> list[dict[str, Any]]:
    names = district_names(runtime)
    return [
        {
            "address": entry.address,
            "matched": entry.matched,
            "district": entry.district,
            "district_name": names[entry.district],
            "grid_code": entry.grid_code,
            "building_id": entry.building_id,
        }
        for entry in runtime.addresses.suggest(query, limit=limit, district=district)
    ]


def district_names(runtime: Runtime) -> dict[str, str]:
    return {code: d.name for code, d in runtime.districts.items()}


def wgs84(lat: float, lon: float, crs: str) -> tuple[float, float]:
    return gcj02.to_wgs84(lat, lon) if crs == "gcj02" else (lat, lon)


def nearest(runtime: Runtime, lat: float, lon: float, crs: str = "wgs84") -> dict[str, Any]:
    """The district whose outline covers the point, the grid there and the nearest building on file."""
    lat, lon = wgs84(lat, lon, crs)
    inferred = infer_district(runtime.places, district_names(runtime), lat=lat, lon=lon)
    if inferred.district is None:
        raise ApiError(
            404, "outside_districts", "the point is in none of the districts", "该位置不在本平台服务的区内,请填写地址"
        )
    code = inferred.district
    places = runtime.places[code]
    grid = places.grid_at(lat, lon) or places.grid_near(lat, lon, NEAREST_GRID_METRES)
    building = _nearest_building(runtime, code, lat, lon)
    address = places.addresses.get(building) if building else None
    return {
        "district": code,
        "district_name": runtime.districts[code].name,
        "grid_code": grid,
        "community": places.grids.get(grid) if grid else None,
        "building_id": building if address else None,
        "address": address,
        "lat": round(lat, 7),
        "lon": round(lon, 7),
    }


def _nearest_building(runtime: Runtime, district: str, lat: float, lon: float) -> str | None:
    """The closest positioned building of the courtyard files (院落档案) within NEAREST_BUILDING_METRES."""
    d_lat = NEAREST_BUILDING_METRES / 111_320
    d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
    t = building_files.c
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(t.building_id, t.lat, t.lon).where(
                t.district == district, t.lat.between(lat - d_lat, lat + d_lat), t.lon.between(lon - d_lon, lon + d_lon)
            )
        ).all()
    found = min(rows, key=lambda r: metres(lat, lon, r.lat, r.lon), default=None)
    return found.building_id if found and metres(lat, lon, found.lat, found.lon) <= NEAREST_BUILDING_METRES else None


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on an equirectangular projection: exact enough within a district."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(x, math.radians(lat2 - lat1)) * 6_371_000


def district_map(runtime: Runtime, district: str, crs: str = "wgs84") -> dict[str, Any]:
    """The district's grids (polygons) and its positioned buildings (points) as a GeoJSON FeatureCollection,
    in the tile layer's coordinates."""
    config = runtime.districts.get(district)
    if config is None:
        raise ApiError(404, "not_found", f"no district {district}", f"未找到区{district}")
    convert = (lambda lat, lon: gcj02.to_gcj02(lat, lon)) if crs == "gcj02" else (lambda lat, lon: (lat, lon))

    def position(lon: float, lat: float) -> list[float]:
        y, x = convert(lat, lon)
        return [round(x, 7), round(y, 7)]

    features: list[dict[str, Any]] = []
    for street in config.streets:
        for community in street.communities:
            for grid in community.grids:
                if grid.polygon:
                    ring = [position(x, y) for x, y in grid.polygon]
                    features.append(
                        _feature("Polygon", [[*ring, ring[0]]], "grid", grid.code, grid.name, community.name)
                    )
    places = runtime.places[district]
    t = building_files.c
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(t.building_id, t.grid_code, t.lat, t.lon).where(t.district == district, t.lat.is_not(None))
        ).all()
    for row in rows:
        if row.building_id in places.addresses:
            name = places.addresses[row.building_id]
            features.append(_feature("Point", position(row.lon, row.lat), "building", row.grid_code, name, None))
    return {"type": "FeatureCollection", "crs_name": crs, "features": features}


def _feature(kind: str, coordinates: Any, what: str, grid: str, name: str, community: str | None) -> dict[str, Any]:
    properties = {"kind": what, "grid_code": grid, "name": name}
    if community:
        properties["community"] = community
    return {"type": "Feature", "geometry": {"type": kind, "coordinates": coordinates}, "properties": properties}
