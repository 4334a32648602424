"""Contact cards (民情联系卡) and "who looks after my building" (谁在服务我的楼), on PostgreSQL with the demo
districts and household file: what reaches a member (relay and extension, an opted-in mobile, else the
hotline), the print sheet per building and per household, the QR link filling the resident form in, and no
household detail on either page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from minqing_contracts.org import Building, Contact, DistrictConfig
from minqing_intake import contact_cards
from minqing_intake.domain.cards import card
from minqing_kit.orgconfig import load_districts
from minqing_kit.qrcode import MAX_BYTES

from .helpers import DEMO_DISTRICTS

HOUSEHOLDS = Path(__file__).resolve().parents[2] / "config" / "households" / "xinlin.csv"
G1 = "XL-XF-01-G01"


def _xinlin():
    return load_districts(str(DEMO_DISTRICTS))["xinlin"]


def test_a_member_is_reached_by_relay_extension_an_opted_in_mobile_or_else_the_hotline():
    config = _xinlin()
    leader = next(p for p in config.people if p.id == "xl-xf-h1")
    leader.contact = Contact(phone="13912345678")  # on file for notify, not consented for the card
    found = {m.role: m for m in card(config, G1).members}
    assert found["网格长"].reach == "0457-360-1200 转 101"
    assert found["联户党员"].reach == "12345"  # no extension: the service hotline
    assert "13912345678" not in repr(card(config, G1))
    grid = config.streets[0].communities[0].grids[0]
    next(m for m in grid.team if m.person == "xl-xf-h1").mobile_on_card = True
    assert {m.role: m for m in card(config, G1).members}["网格长"].reach == "13912345678"


def test_a_building_card_names_only_that_buildings_messenger_and_the_station_days():
    config = _xinlin()
    roles = [m.role for m in card(config, G1, "xl-xf-b3").members]
    assert "民情信使" not in roles  # the grid's messenger carries b1 and b2
    members = card(config, G1, "xl-xf-b1").members
    assert [(m.name, m.reach) for m in members if m.role == "民情信使"] == [("葛春燕", "0457-360-1200 转 121")]
    assert any(m.note == "每月25、26、27日在站" for m in members)
    assert card(config, G1, "no-such-building") is None and card(config, "XL-NOPE") is None


def test_the_print_sheet_has_one_card_per_building_or_per_household(households_loaded, client):
    per_building = client.get(f"/cards/xinlin/{G1}").get_data(as_text=True)
    buildings = len(_xinlin().streets[0].communities[0].grids[0].buildings)
    assert per_building.count('class="contact-card"') == buildings
    assert "@page { size: 105mm 148mm" in per_building and "监督举报电话 <strong>0457-351-2345</strong>" in per_building
    page = client.get(f"/cards/xinlin/{G1}?per=household")
    on_file = sum(1 for line in HOUSEHOLDS.read_text(encoding="utf-8").splitlines() if f",{G1}," in line)
    assert page.status_code == 200 and page.get_data(as_text=True).count('class="contact-card"') == on_file
    assert client.get("/cards/xinlin/XL-NOPE").status_code == 404
    assert client.get("/cards/luwan/" + G1).status_code == 404  # a grid of another district
    assert client.get(f"/cards/xinlin/{G1}?per=door").status_code == 422


def test_no_household_detail_on_the_card_sheet_or_the_public_page(households_loaded, client):
    rows = [line.split(",") for line in HOUSEHOLDS.read_text(encoding="utf-8").splitlines()[1:]]
    pages = client.get(f"/cards/xinlin/{G1}?per=household").get_data(as_text=True)
    found = client.get("/building?district=xinlin&address=新林镇幸福小区3号楼").get_data(as_text=True)
    assert "幸福小区第一网格" in found
    pages += found
    for ref, _, _, _, _, _, _, _, _, _, name, phone in rows:
        assert name not in pages and phone not in pages and ref not in pages


def test_the_qr_link_opens_the_form_with_district_grid_and_address_filled_in(client, runtime):
    sheet = client.get(f"/cards/xinlin/{G1}").get_data(as_text=True)
    assert sheet.count("<svg") >= 1 and 'aria-label="扫码反映问题"' in sheet
    link = runtime.settings.public_url("/?district=xinlin&grid_code=" + G1)
    links = [c.link for c in contact_cards.sheet(runtime, "xinlin", G1, "building")]
    assert all(item.startswith(link) for item in links)
    query = parse_qs(urlsplit(links[0]).query)
    form = client.get("/?" + urlsplit(links[0]).query).get_data(as_text=True)
    assert re.search(rf'<option value="{G1}"\s+selected>', form)
    assert f'value="{query["address"][0]}"' in form
    unknown = client.get("/?district=xinlin&grid_code=LW-SS-01-G01").get_data(as_text=True)
    assert "selected>" not in unknown.split('id="grid_code"')[1].split("</select>")[0]


def test_who_looks_after_my_building_by_address(client):
    page = client.get("/building?district=xinlin&address=新林镇幸福小区三号楼")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "幸福小区第一网格" in text and "吴秀兰" in text
    assert "0457-360-1200 转 111" in text and "0457-351-2345" in text
    assert client.get("/building?district=xinlin&address=月球基地").status_code == 404
    missing = client.get("/building?district=&address=幸福小区3号楼")
    assert missing.status_code == 422 and "请选择所在区" in missing.get_data(as_text=True)
    assert client.get("/building").status_code == 200


def test_the_loader_refuses_a_mobile_on_the_card_without_a_mobile_on_file():
    raw = _xinlin().model_dump(exclude_unset=True)
    raw["streets"][0]["communities"][0]["grids"][0]["team"][0]["mobile_on_card"] = True
    with pytest.raises(ValueError, match="xl-xf-h1 has mobile_on_card but no contact.phone"):
        DistrictConfig.model_validate(raw)
    next(p for p in raw["people"] if p["id"] == "xl-xf-h1")["contact"] = {"phone": "13912345678"}
    assert DistrictConfig.model_validate(raw).code == "xinlin"


def test_a_link_too_long_for_the_qr_code_leaves_the_address_out(runtime):
    config = _xinlin()
    long_card = replace(card(config, G1, "xl-xf-b1"), building=Building(id="xl-xf-b1", address="新林镇幸福小区" * 9))
    link = contact_cards.form_link(runtime, "xinlin", long_card)
    assert "address=" not in link and f"grid_code={G1}" in link and len(link.encode()) <= MAX_BYTES
    assert "address=" in contact_cards.form_link(runtime, "xinlin", card(config, G1, "xl-xf-b1"))
