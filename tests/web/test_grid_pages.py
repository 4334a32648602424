"""Evaluation's grid pages on a phone in Chromium: the 民情信息 monthly report of a street and the
dashboard's 网格走访督查 section (grids nobody visited for 30 days); axe-core clean, 24 px targets."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest
from evaluation.conftest import keys, make_service, service  # noqa: F401  (fixtures)
from evaluation.test_visit_rates import C1, _visit

from .browser import available
from .served import checked


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_street_s_monthly_report_and_the_unvisited_grids_read_on_a_phone(service, phone_page):
    service.runtime.clock.now = datetime(2026, 12, 2, 2, tzinfo=UTC)
    service.feed(_visit("v-1", "tv-c1-g1", C1, date(2026, 11, 20), ["h1", "h2"], ["opinion", "resolved"]))
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/grid-report/testville/tv-s1?month=2026-11")
        assert phone.inner_text("h1") == "测试街道 民情信息月报 · 2026-11"
        row = phone.locator("#grid-report tbody tr").first.inner_text()
        assert "一号社区" in row and "1.3%" in row  # 2 of 150 households
        assert phone.get_attribute("#csv", "href").endswith("format=csv")
        problems = checked(phone, "40-grid-report-phone")
        phone.goto(f"{phone.base}/dashboard/testville?month=2026-11")
        assert "从未走访" in phone.inner_text("#unvisited-grids")
        problems += checked(phone, "41-dashboard-unvisited-phone")
    assert problems == []
