"""The place picker on PostgreSQL: address suggestions, the place at a point (district, grid, nearest
building of the courtyard file; a GCJ-02 pin converted back), the district's map as GeoJSON, and the
submit page inferring the district from the place (an address of another district refused, nothing filed)."""

from __future__ import annotations

import re
from argparse import Namespace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from minqing_intake.adapters.tables import cases
from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import load_buildings
from minqing_intake.domain.gcj02 import to_gcj02
from minqing_intake.web import create_app

FILE = Path(__file__).resolve().parents[2] / "config" / "buildings" / "xinlin.csv"
B1 = (51.6809, 124.3962)  # xl-xf-b1, 新林镇幸福小区1号楼, in grid XL-XF-01-G01


@pytest.fixture
def loaded(settings, runtime):
    assert load_buildings(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    return runtime


def fields(response) -> list[str]:
    return [f["field"] for f in response.get_json()["error"]["fields"]]


def test_suggestions_as_one_types(client):
    found = client.get("/api/v1/places/suggestions?q=幸福小区1").get_json()["suggestions"]
    assert found[0] == {
        "address": "新林镇幸福小区1号楼",
        "matched": "幸福小区1栋",
        "district": "xinlin",
        "district_name": "新林区",
        "grid_code": "XL-XF-01-G01",
        "building_id": "xl-xf-b1",
    }  # the alias that starts with the text, shown with the building's address
    assert {
        s["district"]
        for s in client.get("/api/v1/places/suggestions?q=号&district=luwan&limit=20").get_json()["suggestions"]
    } == {"luwan"}
    assert client.get("/api/v1/places/suggestions?q=").get_json() == {"suggestions": []}
    assert fields(client.get("/api/v1/places/suggestions?q=" + "路" * 61)) == ["q"]
    assert client.get("/api/v1/places/suggestions?q=路&district=atlantis").get_json() == {"suggestions": []}


def test_the_place_at_a_point_is_its_district_grid_and_nearest_building(loaded, client):
    place = client.get(f"/api/v1/places/nearest?lat={B1[0] + 0.0001}&lon={B1[1]}").get_json()
    assert (place["district"], place["grid_code"], place["building_id"], place["address"]) == (
        "xinlin",
        "XL-XF-01-G01",
        "xl-xf-b1",
        "新林镇幸福小区1号楼",
    )
    gcj = to_gcj02(*B1)  # a pin on a Chinese tile layer: hundreds of metres from the WGS-84 point
    pinned = client.get(f"/api/v1/places/nearest?lat={gcj[0]}&lon={gcj[1]}&crs=gcj02").get_json()
    assert pinned["building_id"] == "xl-xf-b1"
    assert pinned["lat"] == pytest.approx(B1[0], abs=1e-6) and pinned["lon"] == pytest.approx(B1[1], abs=1e-6)
    unconverted = client.get(f"/api/v1/places/nearest?lat={gcj[0]}&lon={gcj[1]}").get_json()
    assert unconverted["building_id"] != "xl-xf-b1"
    far = client.get("/api/v1/places/nearest?lat=51.7&lon=124.6").get_json()  # in Xinlin, no grid or building near
    assert far["district"] == "xinlin" and far["grid_code"] is None and far["building_id"] is None
    outside = client.get("/api/v1/places/nearest?lat=48.8584&lon=2.2945")
    assert outside.status_code == 404 and outside.get_json()["error"]["code"] == "outside_districts"
    assert fields(client.get("/api/v1/places/nearest?lat=51.68")) == ["lon"]
    assert fields(client.get("/api/v1/places/nearest?lat=91&lon=124")) == ["lat"]
    assert fields(client.get("/api/v1/places/nearest?lat=51&lon=124&crs=bd09")) == ["crs"]


def test_the_district_map_is_geojson_in_the_tile_layers_coordinates(loaded, client):
    plain = client.get("/api/v1/districts/xinlin/map")
    assert plain.mimetype == "application/geo+json"
    features = plain.get_json()["features"]
    grids = [f for f in features if f["properties"]["kind"] == "grid"]
    buildings = {
        f["properties"]["name"]: f["geometry"]["coordinates"] for f in features if f["properties"]["kind"] == "building"
    }
    assert {g["properties"]["grid_code"] for g in grids} >= {"XL-XF-01-G01", "XL-XF-01-G02"}
    assert all(g["geometry"]["coordinates"][0][0] == g["geometry"]["coordinates"][0][-1] for g in grids)  # closed rings
    assert buildings["新林镇幸福小区1号楼"] == [B1[1], B1[0]]  # GeoJSON: lon, lat
    shifted = client.get("/api/v1/districts/xinlin/map?crs=gcj02").get_json()["features"]
    moved = next(f for f in shifted if f["properties"]["name"] == "新林镇幸福小区1号楼")["geometry"]["coordinates"]
    assert moved == pytest.approx(list(reversed(to_gcj02(*B1))), abs=1e-6)
    assert client.get("/api/v1/districts/atlantis/map").status_code == 404


def csrf(client) -> str:
    return re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/?district=xinlin").get_data(as_text=True)
    ).group(1)


def test_the_form_infers_the_district_from_the_address_the_point_or_the_grid(client):
    page = client.get("/?address=新林镇幸福小区1号楼").get_data(as_text=True)
    assert 'name="district" value="xinlin"' in page
    assert re.search(r'<option value="XL-XF-01-G01" selected', page)
    page = client.get(f"/?lat={B1[0]}&lon={B1[1]}").get_data(as_text=True)
    assert 'name="district" value="xinlin"' in page and f'name="lat" value="{B1[0]}"' in page
    assert re.search(r'<option value="XL-XF-01-G01" selected', page)
    assert 'name="district" value="luwan"' in client.get("/?grid_code=LW-SS-01-G01").get_data(as_text=True)


def test_a_place_of_no_district_asks_for_it_and_offers_what_matches(client):
    response = client.get("/?address=幸福小区")  # in the registry, but not one building: no district decided
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "未能从您填写的地点确定所在区" in page
    assert 'id="maybe"' in page and "新林镇幸福小区1号楼" in page
    assert 'value="幸福小区"' in page  # what was typed is kept
    assert 'id="content"' not in page  # no form of a default district


def test_an_address_of_another_district_is_refused_and_nothing_is_filed(client, runtime):
    form = {
        "district": "xinlin",
        "content": "弄堂里的路灯坏了一个星期,晚上很黑",
        "address": "嵩山路88弄1号",
        "csrf_token": csrf(client),
    }
    response = client.post("/", data=form)
    assert response.status_code == 422 and "该地址属于卢湾区" in response.get_data(as_text=True)
    with runtime.db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(cases)).scalar() == 0


def test_a_pinned_point_is_filed_with_the_case(client, runtime):
    form = {
        "district": "xinlin",
        "content": "楼前的垃圾箱满了三天没人清运",
        "request_type": "complaint",
        "address": "",
        "lat": str(B1[0]),
        "lon": str(B1[1]),
        "csrf_token": csrf(client),
    }
    assert client.post("/", data=form).status_code == 303
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases.c.lat, cases.c.lon, cases.c.grid_code)).one()
    assert (row.lat, row.lon, row.grid_code) == (B1[0], B1[1], "XL-XF-01-G01")


def test_a_configured_tile_layer_is_allowed_by_the_pages_policy(settings):
    tiled = settings.model_copy(
        update={
            "MAP_TILE_URL": "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}",
            "MAP_TILE_CRS": "gcj02",
        }
    )
    runtime = bootstrap(tiled)
    try:
        response = create_app(runtime=runtime).test_client().get("/?district=xinlin")
        assert "img-src 'self' data: https://*.is.autonavi.com" in response.headers["Content-Security-Policy"]
        assert "crs=gcj02" in response.get_data(as_text=True)
    finally:
        runtime.db.dispose()
