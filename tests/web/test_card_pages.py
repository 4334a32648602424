"""The public page "who looks after my building" (谁在服务我的楼) and the contact card sheet (民情联系卡) in
headless Chromium: the address found from a phone (390x844, JavaScript off) with the grid's map, axe-core clean, 24 px
targets and nothing wider than the screen; the sheet printed to PDF as one A6 page per card, each card's
content inside its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from minqing_intake.courtyards import load_file

from .browser import navigate
from .served import checked
from .test_resident_pages import in_browser, intake_app  # noqa: F401  (the served app fixture)

G1 = "XL-XF-01-G01"
BUILDINGS = Path(__file__).resolve().parents[2] / "config" / "buildings" / "xinlin.csv"
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def phone(intake_app, phone_page):  # noqa: F811
    load_file(intake_app.extensions["runtime"], "xinlin", BUILDINGS)  # the grid's map has its places
    with phone_page(intake_app) as page:
        yield page


@pytest.mark.browser
@in_browser
def test_a_resident_finds_who_looks_after_their_building_on_a_phone(phone):
    phone.goto(phone.base + "/")
    navigate(phone, "text=谁在服务我的楼")
    problems = checked(phone, "60-who-serves-form")
    phone.select_option("#district", "xinlin")
    phone.fill("#address", "幸福小区3栋")
    navigate(phone, "button:has-text('查询')")
    found = phone.inner_text("#main")
    assert "新林镇幸福小区3号楼" in found and "幸福小区第一网格" in found
    assert "网格员" in found and "吴秀兰" in found and "0457-360-1200 转 111" in found
    assert "监督举报电话 0457-351-2345" in found
    assert phone.locator("svg.map rect[fill='#a50f15']").count() == 1  # the resident's building on the map
    assert "便民服务点:幸福社区服务站" in found
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    problems += checked(phone, "61-who-serves-found")
    navigate(phone, "text=向网格反映问题")
    assert phone.locator("#grid_code").input_value() == G1
    assert phone.locator("#address").input_value() == "新林镇幸福小区3号楼"
    phone.goto(phone.base + "/building?district=xinlin&address=月球基地")
    assert "没有找到这个地址" in phone.inner_text("#main")
    problems += checked(phone, "62-who-serves-not-found")
    assert problems == []


@pytest.mark.browser
@in_browser
def test_the_card_sheet_prints_one_a6_page_per_card(phone):
    phone.goto(phone.base + f"/cards/xinlin/{G1}")
    cards = phone.locator(".contact-card")
    count = cards.count()
    assert count >= 2
    problems = checked(phone, "63-contact-cards-screen")
    phone.emulate_media(media="print")
    for i in range(count):
        box = cards.nth(i).bounding_box()
        assert round(box["width"]) == 397 and round(box["height"]) == 559  # 105 x 148 mm at 96 px per inch
        overflow = cards.nth(i).evaluate(
            "e => [...e.children].some(c => c.getBoundingClientRect().bottom > e.getBoundingClientRect().bottom + 0.5)"
        )
        assert not overflow, f"card {i} spills over its page"
    pdf = phone.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == count
    sizes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes == {(298, 420)}  # A6 in points
    assert problems == []
