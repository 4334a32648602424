"""Agreements between districts (跨区联办): each side's places are its own, both sides declare the
agreement, and the units a side may ask are the partner's; the demo districts carry one."""

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from minqing_contracts.org import DistrictConfig, agreement_problems
from minqing_kit.orgconfig import ConfigurationError, load_districts

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "districts"


def _demo() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DEMO.glob("*.yaml"))}


def _configs(data: dict[str, dict]) -> dict[str, DistrictConfig]:
    return {code: DistrictConfig.model_validate(d) for code, d in data.items()}


def test_the_demo_districts_agree_with_each_other():
    districts = load_districts(DEMO)
    luwan, xinlin = districts["luwan"].agreements, districts["xinlin"].agreements
    assert [a.partner for a in luwan] == ["xinlin"] and [a.partner for a in xinlin] == ["luwan"]
    assert agreement_problems(districts) == []


def test_an_agreement_one_side_does_not_declare_is_refused(tmp_path):
    data = _demo()
    data["xinlin"]["agreements"] = []
    assert agreement_problems(_configs(data)) == ["luwan: agreement with xinlin: xinlin does not declare it"]
    for code, d in data.items():
        (tmp_path / f"{code}.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="xinlin does not declare it"):
        load_districts(tmp_path)


def test_units_the_partner_does_not_have_and_unknown_partners_are_refused():
    data = _demo()
    data["luwan"]["agreements"][0]["units"] = ["xl-cgj", "lw-lrj", "xl-triage"]
    data["xinlin"]["agreements"].append({"partner": "nowhere", "communities": ["xl-xf"], "units": ["x"]})
    assert agreement_problems(_configs(data)) == [
        "luwan: agreement with xinlin: xinlin has no unit lw-lrj",
        "luwan: agreement with xinlin: xinlin has no unit xl-triage",
        "xinlin: agreement with nowhere: no such district is configured",
    ]


def test_a_side_names_its_own_places_once_and_never_itself():
    data = _demo()["luwan"]
    data["agreements"] = [
        {"partner": "xinlin", "grids": ["XL-CF-02-G01"], "communities": ["xl-cf"], "units": ["xl-cgj"]},
        {"partner": "xinlin", "units": ["xl-cgj"]},
        {"partner": "luwan", "grids": ["LW-TK-03-G01"], "units": ["lw-lrj"]},
    ]
    with pytest.raises(ValidationError) as caught:
        DistrictConfig.model_validate(data)
    found = str(caught.value)
    for problem in (
        "agreement with xinlin is declared twice",
        "agreement with xinlin: unknown grid XL-CF-02-G01",
        "agreement with xinlin: unknown community xl-cf",
        "agreement with xinlin: name the boundary grids or communities it covers",
        "agreement with luwan: a district cannot agree with itself",
    ):
        assert problem in found
    data["agreements"] = [{"partner": "xinlin", "grids": ["LW-TK-03-G01"], "units": []}]
    with pytest.raises(ValidationError, match="units"):
        DistrictConfig.model_validate(data)
