"""The project pages (一事一评) in-process on PostgreSQL, and a household rating a project on a phone at
its single-use link in headless Chromium (390x844, axe-clean, 24 px targets)."""

from __future__ import annotations

import os
import re

import pytest
from evaluation.conftest import T0, keys, make_service, service  # noqa: F401  (fixtures)
from evaluation.test_project_rating import open_project, start_round, tokens

from .browser import available, navigate
from .served import checked


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_project_page_shows_plan_funds_progress_and_rating_towards_the_minimum(service):
    project = open_project(service)
    service.client.post(
        f"/api/v1/projects/{project}/progress", json={"note": "电梯井道施工完成"}, headers=service.bearer("leader")
    )
    links = tokens(start_round(service, project, households=120))
    page = service.client.get(f"/board/testville/projects/{project}").get_data(as_text=True)
    assert "1号楼加装电梯" in page and "250,000 元" in page and "电梯井道施工完成" in page
    assert "参评 0 / 100 户" in page and "邀请 120 户" in page
    form = service.client.get(f"/rate/{links[0]}").get_data(as_text=True)
    assert "一事一评:幸福小区加装电梯" in form
    done = service.client.post(f"/rate/{links[0]}", data={"rating": "not_satisfied", "csrf_token": csrf_of(form)})
    assert done.status_code == 303
    assert "本户的评议已记录" in service.client.get(done.headers["Location"]).get_data(as_text=True)
    again = service.client.get(f"/rate/{links[0]}").get_data(as_text=True)
    assert "本户已评议过" in again and "提交评议" not in again
    for token in links[1:100]:
        service.client.post(f"/api/v1/project-ratings/{token}", json={"rating": "satisfied"})
    service.client.post(f"/api/v1/projects/{project}/close", headers=service.bearer("leader"))
    result = service.client.get(f"/board/testville/projects/{project}").get_data(as_text=True)
    assert "不满意率 1.0% = 不满意户数 1 / 参评户数 100" in result and "评议通过" in result
    listed = service.client.get("/board/testville/projects").get_data(as_text=True)
    assert "幸福小区加装电梯" in listed and "100/100" in listed
    assert service.client.get(f"/board/elsewhere/projects/{project}").status_code == 404


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_a_household_rates_a_project_on_a_phone_by_its_link(service, phone_page):
    project = open_project(service)
    link = tokens(start_round(service, project, households=3))[0]
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/rate/{link}")
        assert phone.locator("h1").inner_text() == "一事一评:幸福小区加装电梯"
        problems = checked(phone, "40-project-rate-phone")
        navigate(phone, "button:has-text('提交评议')")  # nothing chosen: the summary names the question
        assert "满意程度" in phone.inner_text(".alert")
        phone.check("#rating-basically_satisfied")
        navigate(phone, "button:has-text('提交评议')")
        assert "本户的评议已记录" in phone.inner_text("#thanks")
        assert "参评 1 / 100 户" in phone.inner_text("#round-1")
        problems += checked(phone, "41-project-page-phone")
        phone.goto(f"{phone.base}/rate/{link}")
        assert phone.locator("#already").count() == 1 and phone.locator("button:has-text('提交评议')").count() == 0
    assert problems == []
    counts = service.client.get(f"/api/v1/projects/{project}").get_json()["rounds"][0]["counts"]
    assert counts == {"satisfied": 0, "basically_satisfied": 1, "not_satisfied": 0}
