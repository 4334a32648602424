"""The district is inferred from the place, never defaulted: a grid code, a building of one district's
registry, the district's name in the address, a point inside one outline; nothing (or two) fits: no
district, the resident chooses. Also the address suggestions over the registries."""

from __future__ import annotations

import pytest

from minqing_intake.domain.address_index import AddressIndex, Entry, district_entries
from minqing_intake.domain.district_inference import infer_district
from minqing_intake.domain.places import DistrictPlaces
from minqing_kit.orgconfig import load_districts

from .helpers import DEMO_DISTRICTS

DISTRICTS = load_districts(DEMO_DISTRICTS)
PLACES = {code: DistrictPlaces(d) for code, d in DISTRICTS.items()}
NAMES = {code: d.name for code, d in DISTRICTS.items()}


def infer(**place):
    return infer_district(PLACES, NAMES, **place)


@pytest.mark.parametrize(
    ("place", "district", "how"),
    [
        ({"grid_code": "XL-XF-01-G01"}, "xinlin", "grid"),
        ({"address": "新林镇幸福小区1号楼 3单元"}, "xinlin", "address"),
        ({"address": "林业局家属楼一号楼楼下"}, "xinlin", "address"),  # an alias
        ({"address": "卢湾区某某路100号"}, "luwan", "name"),  # no building on file, the district named
        ({"lat": 51.6809, "lon": 124.3962}, "xinlin", "point"),
        ({"lat": 31.2242, "lon": 121.4766}, "luwan", "point"),
        ({"grid_code": "NO-SUCH-GRID", "lat": 31.2242, "lon": 121.4766}, "luwan", "point"),
    ],
)
def test_the_place_says_which_district(place, district, how):
    found = infer(**place)
    assert (found.district, found.how) == (district, how)


@pytest.mark.parametrize(
    "place",
    [
        {},
        {"address": "人民路5号"},  # in no registry, no district named
        {"lat": 48.8584, "lon": 2.2945},  # outside every outline
        {"grid_code": "NO-SUCH-GRID"},
    ],
)
def test_a_place_that_fits_no_district_gives_none_never_a_default(place):
    assert infer(**place).district is None


def test_a_district_without_an_outline_covers_no_point():
    outline = DISTRICTS["xinlin"].model_copy(update={"bounds": None})
    assert not DistrictPlaces(outline).covers(51.6809, 124.3962)
    assert infer_district({"xinlin": DistrictPlaces(outline)}, NAMES, lat=51.6809, lon=124.3962).district is None


def test_an_address_in_two_districts_registries_is_not_decided():
    twin = DISTRICTS["xinlin"].model_copy(update={"code": "twin", "name": "双胞区"})
    found = infer_district(
        {"xinlin": PLACES["xinlin"], "twin": DistrictPlaces(twin)}, NAMES, address="新林镇幸福小区1号楼"
    )
    assert found.district is None and set(found.candidates) == {"xinlin", "twin"}


def test_a_point_just_outside_every_grid_is_the_nearest_grids_within_the_distance():
    places = PLACES["xinlin"]
    assert places.grid_at(51.6827, 124.397) is None  # between XF-01-G01 (to 51.6825) and its neighbour (from 51.683)
    assert places.grid_near(51.6827, 124.397, 50) == "XL-XF-01-G01"  # 22 m away
    assert places.grid_near(51.6827, 124.397, 10) is None


def test_suggestions_put_what_starts_with_the_text_first_one_row_per_building():
    index = AddressIndex(entry for d in DISTRICTS.values() for entry in district_entries(d))
    found = index.suggest("幸福小区1")
    assert found[0].address == "新林镇幸福小区1号楼" and found[0].matched.startswith("幸福小区1")
    assert len({(e.district, e.building_id) for e in found}) == len(found)
    both = {e.district for e in index.suggest("1号", limit=20)}
    assert both == {"xinlin", "luwan"}
    assert {e.district for e in index.suggest("1号", limit=20, district="luwan")} == {"luwan"}
    assert index.suggest("") == [] and index.suggest("绝无此地") == []


def test_suggestions_find_any_part_of_an_address_through_the_pair_index():
    index = AddressIndex(
        Entry("d", address, f"b{i}", "G", address) for i, address in enumerate(["东风路3号", "西风路3号", "南湖路7号"])
    )
    assert [e.address for e in index.suggest("风路3")] == ["东风路3号", "西风路3号"]
    assert [e.address for e in index.suggest("湖")] == ["南湖路7号"]
    assert index.suggest("风湖") == []
