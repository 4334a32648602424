"""deploy/README.md "Add a district", followed for a third district (huangpu, made from luwan's file):
it validates, the default routing group picks it up while xinlin keeps its own group, and the
Kubernetes base rendered with it carries it in the districts ConfigMap."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minqing_contracts import topology
from minqing_kit.orgconfig import load_districts
from minqing_kit.settings import ServiceSettings, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def districts(tmp_path) -> Path:
    """config/districts plus huangpu.yaml written as step 1 of the guide says."""
    directory = tmp_path / "districts"
    shutil.copytree(ROOT / "config" / "districts", directory)
    text = (directory / "luwan.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("code: luwan", "code: huangpu")
        .replace("unit: luwan,", "unit: huangpu,")
        .replace("name: 卢湾区", "name: 黄浦区")
        .replace("ticket_prefix: LW", "ticket_prefix: HP")
    )
    written = yaml.safe_load(text)
    del written["agreements"]  # the copy's agreement with xinlin, which xinlin does not make with huangpu
    text = yaml.safe_dump(written, allow_unicode=True, sort_keys=False)
    (directory / "huangpu.yaml").write_text(text, encoding="utf-8")
    return directory


def test_the_third_district_validates_with_its_own_staff(districts):
    loaded = load_districts(str(districts))
    assert sorted(loaded) == ["huangpu", "luwan", "xinlin"]
    huangpu = loaded["huangpu"]
    assert huangpu.ticket_prefix == "HP"
    assert next(p for p in huangpu.people if p.id == "lw-dp-1").unit == "huangpu"


def test_the_default_group_takes_the_new_district_and_the_xinlin_group_keeps_xinlin(districts):
    known = sorted(load_districts(str(districts)))
    default = load_settings(ServiceSettings, {"DATABASE_URL": "sqlite://", "CONSUMER_EXCLUDE_DISTRICTS": "xinlin"})
    dedicated = load_settings(
        ServiceSettings, {"DATABASE_URL": "sqlite://", "CONSUMER_GROUP": "xinlin", "CONSUMER_DISTRICTS": "xinlin"}
    )
    assert default.serving_districts(known) == ("huangpu", "luwan")
    assert dedicated.serving_districts(known) == ("xinlin",)
    keys = topology.binding_keys(["case.received.v1"], default.serving_districts(known))
    assert keys == ["huangpu.case.received.v1", "luwan.case.received.v1"]


def test_the_kubernetes_base_rendered_with_it_carries_it(districts, tmp_path):
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    k8s = tmp_path / "k8s"
    shutil.copytree(ROOT / "deploy" / "k8s", k8s)
    sys.path.insert(0, str(ROOT / "deploy" / "k8s"))
    import generate

    assert "districts/huangpu.yaml" in generate.write(districts_dir=districts, base=k8s / "base")
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(k8s / "overlays" / "production")], capture_output=True, text=True, check=True
    ).stdout
    (config_map,) = [
        d
        for d in yaml.safe_load_all(rendered)
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("minqing-districts")
    ]
    assert set(config_map["data"]) == {"huangpu.yaml", "luwan.yaml", "xinlin.yaml"}
    assert "code: huangpu" in config_map["data"]["huangpu.yaml"]
