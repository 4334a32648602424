"""The public theme pages (每月一题) in headless Chromium on a phone, JavaScript off: a theme with its
tasks, measures, linked requests counted and its effect, axe-clean with 24 px targets."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from evaluation.conftest import T0, keys, make_service, service  # noqa: F401  (fixtures)
from evaluation.test_themes import open_theme, received

from .browser import available, navigate
from .served import checked


def theme_with_history(service) -> dict:
    """Eight weeks of matching requests in both communities, then a theme in 一号社区 with one task done,
    one measure, and four weeks after in which its area had fewer."""
    for week in range(12):
        monday = T0 + timedelta(weeks=week, hours=1)
        for i in range(5):
            service.feed(received(f"o-{week}-{i}", monday + timedelta(hours=i), grid="TV-C2-G01"))
            if week < 8 or i < 2:
                service.feed(received(f"t-{week}-{i}", monday + timedelta(hours=i)))
    service.runtime.clock.now = T0 + timedelta(weeks=8)
    theme = open_theme(service)
    service.client.post(
        f"/api/v1/themes/{theme['id']}/tasks/{theme['tasks'][1]['id']}/done", headers=service.bearer("supervisor")
    )
    service.client.post(
        f"/api/v1/themes/{theme['id']}/measures",
        json={"kind": "measure", "text": "垃圾清运改为每日两次"},
        headers=service.bearer("supervisor"),
    )
    service.runtime.clock.now = T0 + timedelta(weeks=12)
    return theme


def test_the_theme_page_shows_tasks_measures_and_the_effect_without_residents_data(service):
    theme = theme_with_history(service)
    page = service.client.get(f"/themes/testville/{theme['id']}").get_data(as_text=True)
    assert "一号社区垃圾清运不及时" in page and "牵头单位：<strong>城管局</strong>" in page
    assert "<strong>已逾期</strong>" in page and "已完成" in page  # the first task is late, the second done
    assert "垃圾清运改为每日两次" in page
    assert "每周同类诉求\n减少3.0件" in page and "二号社区" in page
    assert "楼下垃圾没人清运" not in page and "TV-t-" not in page  # requests counted, never shown
    listing = service.client.get("/themes/testville").get_data(as_text=True)
    assert f"/themes/testville/{theme['id']}" in listing
    assert service.client.get(f"/themes/otherville/{theme['id']}").status_code == 404
    assert service.client.get("/themes/testville/no-such-theme").status_code == 404


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_theme_pages_read_on_a_phone_and_are_axe_clean(service, phone_page):
    theme = theme_with_history(service)
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/themes/testville")
        problems = checked(phone, "40-themes-phone")
        navigate(phone, f"a:has-text('{theme['title']}')")
        assert phone.inner_text("h1") == theme["title"]
        assert "减少3.0件" in phone.inner_text("#theme-effect")
        assert phone.locator("#theme-weeks tbody tr").count() == 12
        problems += checked(phone, "41-theme-phone")
    assert problems == []
