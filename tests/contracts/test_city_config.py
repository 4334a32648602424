"""The generated Beijing-size city (scripts/city_config.py) is a valid configuration: the full city
validates district by district, and every service's runtime starts on a city of the same shape with
the lookups finding each grid. Its load time and memory are figures (bench/city_config.py), not asserted."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from minqing_kit.orgconfig import load_districts

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from city_config import DISTRICTS, grid_centre, write_city  # noqa: E402

CODES = sorted(code for code, *_ in DISTRICTS)


@pytest.mark.slow
def test_the_full_city_validates_with_every_district_street_community_and_grid(tmp_path):
    counts = write_city(tmp_path, items=10)
    assert counts == {
        "districts": 16,
        "streets": 343,
        "communities": 7000,
        "grids": 50000,
        "catalogue_items": 160,
    }
    districts = load_districts(tmp_path / "districts")
    assert sorted(districts) == CODES
    assert sum(len(d.streets) for d in districts.values()) == 343
    assert sum(len(s.communities) for d in districts.values() for s in d.streets) == 7000
    grids = [g for d in districts.values() for s in d.streets for c in s.communities for g in c.grids]
    assert len({g.code for g in grids}) == 50000
    assert len(districts["chaoyang"].streets) == 43


@pytest.fixture(scope="module")
def small_city(tmp_path_factory):
    """The same generator at 2 communities a street and 2 grids a community: every district and street."""
    out = tmp_path_factory.mktemp("city")
    write_city(out, communities=686, grids=1372, items=60)
    return out


def _runtime(service: str, city: Path):
    import importlib

    definition = importlib.import_module(f"minqing_{service}.definition").DEFINITION
    environ = {"MINQING_ENV": "development", "DATABASE_URL": "sqlite://", "DISTRICTS_DIR": str(city / "districts")}
    return definition.bootstrap(definition.settings(environ))


@pytest.mark.parametrize("service", ["intake", "routing", "evaluation", "notify"])
def test_every_service_starts_on_the_city_with_all_sixteen_districts(small_city, service):
    assert sorted(_runtime(service, small_city).districts) == CODES


def _sample_grids(config):
    grids = [g for s in config.streets for c in s.communities for g in c.grids]
    return [grids[0], grids[len(grids) // 2], grids[-1]]


def test_intake_finds_each_grid_by_code_address_and_point(small_city):
    runtime = _runtime("intake", small_city)
    for code in ("dongcheng", "chaoyang", "yanqing"):
        places = runtime.places[code]
        for grid in _sample_grids(runtime.districts[code]):
            lat, lon = grid_centre(grid.polygon)
            assert places.resolve(grid.code, None, None, None).grid_code == grid.code
            assert places.resolve(None, grid.buildings[0].address, None, None).grid_code == grid.code
            assert places.resolve(None, None, lat, lon).grid_code == grid.code
            assert places.inside(lat, lon)
    assert not runtime.places["dongcheng"].inside(*grid_centre(_sample_grids(runtime.districts["yanqing"])[0].polygon))


def test_routing_locates_each_grid_and_accepts_the_catalogue(small_city):
    from minqing_routing.domain.catalogue import parse

    runtime = _runtime("routing", small_city)
    for code in ("dongcheng", "chaoyang", "yanqing"):
        district = runtime.districts[code]
        for grid in _sample_grids(district.config):
            lat, lon = grid_centre(grid.polygon)
            by_address = district.locator.locate(None, grid.buildings[0].address, None, None)
            assert (by_address.grid_code, by_address.how) == (grid.code, "address_exact")
            assert district.locator.locate(None, None, lat, lon).grid_code == grid.code
        with (small_city / "catalogue" / f"{code}.csv").open(encoding="utf-8", newline="") as handle:
            items, problems = parse(enumerate(csv.DictReader(handle), start=2), district.org)
        assert problems == []
        assert len(items) == 60
        assert {i.level for i in items} == {"community", "street", "department"}
        assert all(district.org.unit(i.unit_id).level == "department" for i in items if i.unit_id)
