"""Every district file validates against the shared format; broken references are caught."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from minqing_contracts.org import DistrictConfig, parse_duration
from minqing_kit.orgconfig import ConfigurationError, load_districts

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "shared" / "minqing_contracts" / "schemas" / "org-config.schema.json"
FILES = sorted((ROOT / "config" / "districts").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "districts").glob("*.yaml")
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_district_file_is_valid(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), json.loads(SCHEMA.read_text(encoding="utf-8")))
    config = DistrictConfig.model_validate(data)
    assert config.streets and config.categories


def test_demo_deployment_has_at_least_two_districts():
    assert len(load_districts(ROOT / "config" / "districts")) >= 2


def test_unknown_references_are_reported():
    data = yaml.safe_load((ROOT / "tests/fixtures/districts/testville.yaml").read_text(encoding="utf-8"))
    data["people"].append({"id": "x", "name": "无名", "unit": "nowhere", "roles": ["grid_worker"]})
    data["dispatch_rules"] = [{"category": "environment", "unit": "ghost"}]
    with pytest.raises(ValidationError) as caught:
        DistrictConfig.model_validate(data)
    assert "person x: unknown unit nowhere" in str(caught.value)
    assert "unknown unit ghost" in str(caught.value)


def test_a_bad_file_names_itself_and_the_field(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "code: bad\nname: x\nticket_prefix: lower\nstreets: []\ncategories: []\ndeadlines: []\n", encoding="utf-8"
    )
    with pytest.raises(ConfigurationError) as caught:
        load_districts(tmp_path)
    assert "bad.yaml" in str(caught.value) and "ticket_prefix" in str(caught.value)


def test_durations():
    assert parse_duration("5wd") == (5, "wd")
    assert parse_duration("30m") == (30, "m")
    with pytest.raises(ValueError):
        parse_duration("5 days")


def test_a_grid_team_names_known_people_and_its_own_buildings_and_duties_default_to_the_seeds():
    data = yaml.safe_load((ROOT / "tests/fixtures/districts/testville.yaml").read_text(encoding="utf-8"))
    config = DistrictConfig.model_validate(data)
    duties = config.visit_duties
    assert duties["grid_worker"].days_per_week == 3  # seed 000: at least 3 days a week
    assert (duties["station_cadre"].group_visits_per_month, duties["station_cadre"].households_per_month) == (4, 10)
    assert (duties["community_cadre"].group_visits_per_month, duties["community_cadre"].households_per_month) == (4, 15)
    assert "messenger" not in duties
    team = data["streets"][0]["communities"][0]["grids"][0]["team"]
    team += [
        {"person": "ghost", "role": "grid_worker"},
        {"person": "tv-c2-m1", "role": "messenger", "buildings": ["tv-b2"]},
    ]
    with pytest.raises(ValidationError) as caught:
        DistrictConfig.model_validate(data)
    assert "team member ghost is not in people" in str(caught.value)
    assert "tv-c2-m1's building tv-b2 is not in the grid" in str(caught.value)
    data["streets"][0]["communities"][0]["grids"][0]["team"] = [
        {"person": "tv-s1-z1", "role": "station_cadre", "station_days": [32]}
    ]
    with pytest.raises(ValidationError, match="days of the month"):
        DistrictConfig.model_validate(data)


def test_every_demo_street_and_community_has_an_office_address_for_warnings_and_bulletins():
    for config in load_districts(ROOT / "config" / "districts").values():
        offices = [config.streets, [c for s in config.streets for c in s.communities]]
        assert all(o.contact and o.contact.email for level in offices for o in level), config.code


@pytest.mark.parametrize("email", ["c1-office", "c1@office", "张三 <c1@example.org>", "a@example.org, b@example.org"])
def test_an_office_address_that_is_not_one_e_mail_address_is_refused_on_load(tmp_path, email):
    text = (ROOT / "tests/fixtures/districts/testville.yaml").read_text(encoding="utf-8")
    one = "        name: 一号社区\n"
    assert one in text
    (tmp_path / "testville.yaml").write_text(
        text.replace(one, one + f'        contact: {{email: "{email}"}}\n'), encoding="utf-8"
    )
    with pytest.raises(ConfigurationError) as caught:
        load_districts(tmp_path)
    assert "streets.0.communities.0.contact.email" in str(caught.value)
    (tmp_path / "testville.yaml").write_text(
        text.replace(one, one + "        contact: {email: c1-office@example.org}\n"), encoding="utf-8"
    )
    [community, _] = load_districts(tmp_path)["testville"].streets[0].communities
    assert community.contact.email == "c1-office@example.org"
