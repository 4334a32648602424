"""The resident's place picker, public and read-only: GET /api/v1/places/suggestions?q= (addresses as one
types), GET /api/v1/places/nearest?lat=&lon= (the place at a point) and GET /api/v1/districts/<d>/map
(the district's grids and buildings as GeoJSON). ``crs=gcj02``: coordinates of a Chinese tile layer."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import FieldError, invalid
from minqing_kit.requests import float_query, int_query
from minqing_kit.response_models import answer

from .. import places_lookup
from ..current import runtime
from .answers import AddressSuggestions, DistrictMap, Place

blueprint = Blueprint("places", __name__, url_prefix="/api/v1")
CRS = ("wgs84", "gcj02")
QUERY_LENGTH = 60


def _crs() -> str:
    crs = request.args.get("crs") or "wgs84"
    if crs not in CRS:
        raise invalid([FieldError("crs", "must be wgs84 or gcj02", "须为wgs84或gcj02")])
    return crs


@blueprint.get("/places/suggestions")
def suggestions():
    query = (request.args.get("q") or "").strip()
    if len(query) > QUERY_LENGTH:
        raise invalid([FieldError("q", f"at most {QUERY_LENGTH} characters", f"最多{QUERY_LENGTH}个字")])
    district = request.args.get("district") or None  # a district that does not exist has no addresses
    limit = int_query("limit", 8, 1, 20)
    return answer(AddressSuggestions, {"suggestions": places_lookup.suggestions(runtime(), query, district, limit)})


@blueprint.get("/places/nearest")
def nearest():
    crs = _crs()
    lat, lon = float_query("lat", -90, 90), float_query("lon", -180, 180)
    missing = [FieldError(name, "required", "必填") for name, value in (("lat", lat), ("lon", lon)) if value is None]
    if missing or lat is None or lon is None:
        raise invalid(missing)
    return answer(Place, places_lookup.nearest(runtime(), lat, lon, crs))


@blueprint.get("/districts/<district>/map")
def district_map(district: str):
    response = answer(DistrictMap, places_lookup.district_map(runtime(), district, _crs()))
    response.mimetype = "application/geo+json"
    return response
