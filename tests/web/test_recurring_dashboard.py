"""The dashboard's recurring problems (反复出现的问题) on a phone in headless Chromium, JavaScript off:
the section lists the month's problem with its words, grids and tickets, axe-clean with 24 px targets."""

from __future__ import annotations

import os

import pytest
from evaluation.conftest import keys, make_service, service  # noqa: F401  (fixtures)
from evaluation.test_recurring_api import _month

from .browser import available
from .served import checked


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_recurring_problems_section_reads_on_a_phone_and_is_axe_clean(service, phone_page):
    _month(service)
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/dashboard/testville?month=2026-11")
        row = phone.locator("#recurring tbody tr", has_text="市政设施")
        assert "水压" in row.inner_text() and "测试街道" in row.inner_text() and "TV-w" in row.inner_text()
        assert checked(phone, "45-dashboard-recurring-phone") == []
