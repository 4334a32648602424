"""The form's map (item "where"): what the page tells ``place_picker.js`` (the district's GeoJSON, the
tile layer if the deployment configures one, its coordinates), the Content-Security-Policy that lets the
tiles load, and Leaflet itself, served from web/node_modules (installed from the npm registry, never a
CDN). Without JavaScript or without Leaflet the form is the same form: the map is never required."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, send_from_directory, url_for

from minqing_kit.pages import HEADERS

from ..current import runtime

ROOT = Path(__file__).resolve().parents[4]
LEAFLET_FILES = frozenset({"leaflet.js", "leaflet.css"})


def map_settings(district: str) -> dict[str, str]:
    settings = runtime().settings
    return {
        "geojson": url_for("places.district_map", district=district, crs=settings.MAP_TILE_CRS),
        "nearest": url_for("places.nearest"),
        "crs": settings.MAP_TILE_CRS,
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def with_tile_policy(response: Response) -> Response:
    """The shared policy, with the tile host allowed as an image source when a tile layer is configured."""
    origin = runtime().settings.tile_origin
    if origin:
        policy = HEADERS["Content-Security-Policy"].replace("img-src 'self' data:", f"img-src 'self' data: {origin}")
        response.headers["Content-Security-Policy"] = policy
    return response


def leaflet_dir() -> Path:
    return Path(runtime().settings.LEAFLET_DIR or ROOT / "web" / "node_modules" / "leaflet" / "dist")


def leaflet(filename: str):
    if filename not in LEAFLET_FILES or not (leaflet_dir() / filename).is_file():
        abort(404)
    return send_from_directory(leaflet_dir(), filename, max_age=86400)
