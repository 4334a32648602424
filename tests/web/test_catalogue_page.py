"""The public responsibility catalogue page (职责清单, served by routing, no sign-in) in headless Chromium on a
phone (390x844, JavaScript off): the demo district's file loaded, every item listed, axe-core clean, 24 px
targets; a district without a catalogue says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from minqing_routing.bootstrap import bootstrap
from minqing_routing.catalogue import load_file
from minqing_routing.definition import DEFINITION
from minqing_routing.web import create_app

from .served import checked
from .test_resident_pages import in_browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def routing_page(make_settings, phone_page):
    settings = make_settings(DEFINITION, DISTRICTS_DIR=str(ROOT / "config" / "districts"))
    runtime = bootstrap(settings)
    with phone_page(create_app(settings, runtime)) as page:
        page.runtime = runtime
        yield page
    runtime.db.dispose()


@pytest.mark.browser
@in_browser
def test_the_public_catalogue_on_a_phone(routing_page):
    page = routing_page
    page.goto(page.base + "/workbench/catalogue/xinlin")
    assert "本区尚未发布职责清单" in page.inner_text("#main")
    assert load_file(page.runtime, "xinlin", ROOT / "config" / "catalogue" / "xinlin.csv") == (1, 12)
    page.goto(page.base + "/workbench/catalogue/xinlin")
    assert page.locator("#catalogue tbody tr").count() == 12
    text = page.inner_text("#catalogue")
    assert "燃气管道、燃气安全" in text and "《城镇燃气管理条例》" in text and "2026-01-01 起" in text
    assert "第 1 版" in page.inner_text("#version")
    assert checked(page, "70-catalogue") == []
    assert page.goto(page.base + "/workbench/catalogue/nowhere").status == 404
