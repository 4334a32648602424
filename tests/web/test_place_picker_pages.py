"""The place picker in Chromium on a phone viewport with JavaScript on: filing with a pin on the district's
Leaflet map (the pin fills the point and the grid), filing by keyboard alone with the address suggestions
(the map never touched), and "use my location" choosing the district from the phone's position; each
page axe-clean with 24 px targets."""

from __future__ import annotations

import contextlib
import os
from argparse import Namespace
from pathlib import Path

import pytest
from sqlalchemy import select

from minqing_intake.adapters.tables import cases
from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION, load_buildings
from minqing_intake.web import create_app
from support.wsgi_server import serving

from .browser import PHONE, available, navigate
from .served import checked

ROOT = Path(__file__).resolve().parents[2]
B1 = (51.6809, 124.3962)  # 新林镇幸福小区1号楼 (xl-xf-b1) in XL-XF-01-G01

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not available()
        or not (ROOT / "web/node_modules/leaflet/dist/leaflet.js").exists()
        and not os.environ.get("CI"),
        reason="needs playwright, /usr/bin/chromium and web/node_modules (leaflet, axe-core)",
    ),
]


@pytest.fixture
def runtime(make_settings):
    settings = make_settings(
        DEFINITION,
        DISTRICTS_DIR=str(ROOT / "config" / "districts"),
        RATE_LIMIT_ADDRESS="1000/1m",
        INTAKE_SECRET_KEY="test-secret-key-0123456789",
    )
    assert load_buildings(settings, Namespace(district="xinlin", file=str(ROOT / "config/buildings/xinlin.csv"))) == 0
    runtime = bootstrap(settings)
    yield runtime
    runtime.db.dispose()


@contextlib.contextmanager
def scripted_phone(browser, runtime, **context):
    """A phone-sized Chromium page with JavaScript on, the app served locally (``page.base``)."""
    with serving(create_app(runtime=runtime)) as base:
        opened = browser.new_context(viewport=PHONE, locale="zh-CN", **context)
        page = opened.new_page()
        page.base = base
        try:
            yield page
        finally:
            opened.close()


def filed(runtime):
    with runtime.db.engine.connect() as connection:
        return connection.execute(
            select(cases.c.district, cases.c.address, cases.c.grid_code, cases.c.lat, cases.c.lon)
        ).one()


def visible_middle(page, selector: str) -> tuple[float, float]:
    """The middle of the part of a map shape inside the map's box."""
    page.locator("#place-map").scroll_into_view_if_needed()
    shape, box = page.locator(selector).bounding_box(), page.locator("#place-map").bounding_box()
    left, right = max(shape["x"], box["x"]), min(shape["x"] + shape["width"], box["x"] + box["width"])
    top, bottom = max(shape["y"], box["y"]), min(shape["y"] + shape["height"], box["y"] + box["height"])
    assert right - left > 10 and bottom - top > 10, "the shape is not on the map"
    return (left + right) / 2, (top + bottom) / 2


def test_filing_with_a_pin_on_the_map(runtime, browser):
    with scripted_phone(browser, runtime) as page:
        page.goto(page.base + "/?district=xinlin")
        page.wait_for_selector("#place-map[data-ready=yes]")
        page.select_option("#grid_code", "XL-XF-01-G01")  # the map zooms to the grid chosen
        page.wait_for_function(
            "() => document.querySelector('path.grid-XL-XF-01-G01').getBoundingClientRect().width > 150"
        )
        x, y = visible_middle(page, "path.grid-XL-XF-01-G02")  # the neighbouring grid, east
        page.mouse.click(x, y)  # the pin says which grid it is in
        page.wait_for_function("() => document.getElementById('lat').value !== ''")
        assert page.input_value("#grid_code") == "XL-XF-01-G02"
        assert "已记录位置" in page.inner_text("#pin-status")
        problems = checked(page, "40-resident-map-pin")
        page.fill("#content", "楼前的路灯坏了一个星期,晚上看不见路")
        page.check("#request_type-complaint")
        navigate(page, "button[type=submit]")
        page.wait_for_selector("#ticket")
        row = filed(runtime)
    assert (row.district, row.grid_code) == ("xinlin", "XL-XF-01-G02")
    assert 51.68 <= row.lat <= 51.6825 and 124.3992 <= row.lon <= 124.4032  # inside the grid tapped
    assert problems == []


def test_filing_by_keyboard_with_the_address_alone(runtime, browser):
    with scripted_phone(browser, runtime) as page:
        page.goto(page.base + "/")
        page.keyboard.press("Tab")  # 跳到正文
        while page.evaluate("document.activeElement.id") != "address":
            page.keyboard.press("Tab")
        page.keyboard.type("林海小区B", delay=20)
        page.wait_for_selector("#address-options li")
        assert page.get_attribute("#address", "aria-expanded") == "true"
        page.keyboard.press("ArrowDown")
        assert page.get_attribute("#address", "aria-activedescendant") == "address-option-0"
        problems = checked(page, "41-resident-address-suggestions")
        page.keyboard.press("Enter")  # takes the suggestion
        assert page.input_value("#address") == "新林镇林海小区B座"
        page.keyboard.press("Enter")  # sends the first step
        page.wait_for_selector("#content")
        assert "新林区" in page.inner_text("#chosen-district")
        assert page.input_value("#grid_code") == "XL-LH-01-G02"
        page.focus("#content")
        page.keyboard.type("楼道里堆满了杂物,消防通道被堵住了")
        page.focus("#request_type-complaint")  # 诉求类型 by keyboard: Space chooses the focused radio
        page.keyboard.press("Space")
        page.focus("button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_selector("#ticket")
        row = filed(runtime)
    assert (row.district, row.address, row.grid_code, row.lat) == ("xinlin", "新林镇林海小区B座", "XL-LH-01-G02", None)
    assert problems == []


def test_use_my_location_chooses_the_district_grid_and_building(runtime, browser):
    located = {"geolocation": {"latitude": B1[0], "longitude": B1[1]}, "permissions": ["geolocation"]}
    with scripted_phone(browser, runtime, **located) as page:
        page.goto(page.base + "/")
        navigate(page, "#locate")  # its position asked, the place looked up, then the district's form
        page.wait_for_selector("#content")
        assert "新林区" in page.inner_text("#chosen-district")
        assert page.input_value("#address") == "新林镇幸福小区1号楼"
        assert page.input_value("#grid_code") == "XL-XF-01-G01"
        assert float(page.input_value("#lat")) == pytest.approx(B1[0])
        problems = checked(page, "42-resident-located")
    assert problems == []


def test_the_category_is_suggested_as_one_types_and_chosen_with_a_tap(runtime, browser):
    with scripted_phone(browser, runtime) as page:
        page.goto(page.base + "/?district=xinlin")
        page.fill("#content", "")
        page.type("#content", "门前垃圾三天没人清运", delay=10)
        page.wait_for_selector("#category-live:not([hidden])")
        assert "环境卫生" in page.inner_text("#category-live-text")
        problems = checked(page, "43-resident-category-hint")
        page.click("#category-live-use")
        assert page.input_value("#category") == "environment"
        assert page.locator("#category-live").is_hidden()
    assert problems == []
