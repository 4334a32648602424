"""The public meeting pages in headless Chromium on a phone, JavaScript off: the month's calendar, a
meeting's page (agenda, notices sent, attendance by group, published minutes with corrections, decisions
and tasks) and a matter's six steps, axe-clean with 24 px targets, never a resident representative's name."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from evaluation.conftest import T0, event, keys, make_service, service  # noqa: F401  (fixtures)
from evaluation.test_deliberations_api import STEPS, open_matter, step
from evaluation.test_meetings_api import bearer, plan

from .browser import available, navigate
from .served import checked


def held_meeting(service) -> dict:
    """A coordination meeting on a case: notices, attendance, minutes corrected and published, a
    decision with a task and one not adopted."""
    service.feed(event("case.received.v1", "case-m1", T0, ticket="TV-20261102-000001"))
    meeting = plan(service)
    base, staff = f"/api/v1/meetings/{meeting['id']}", bearer(service)
    for notice in ("recruitment", "schedule"):
        service.client.post(f"{base}/notices", json={"notice": notice}, headers=staff)
    present = [i["invitee_id"] for i in meeting["invitees"][:2]]
    service.client.post(f"{base}/attendance", json={"attended": present}, headers=staff)
    service.client.put(f"{base}/minutes", json={"text": "会议议定顶层防水层由物业更换。"}, headers=staff)
    service.client.post(f"{base}/minutes/corrections", json={"text": "费用由维修基金列支"}, headers=staff)
    service.client.post(f"{base}/minutes/publication", headers=staff)
    task = {"owner_unit_id": "tv-cgj", "description": "更换防水层", "due_in_working_days": 5}
    decision = {"text": "物业一周内更换防水层", "adopted": True, "case_ids": ["case-m1"], "tasks": [task]}
    service.client.post(f"{base}/decisions", json=decision, headers=staff)
    refused = {"text": "加装雨棚", "adopted": False, "reason": "业主意见不一,下次再议"}
    service.client.post(f"{base}/decisions", json=refused, headers=staff)
    return meeting


def test_the_meeting_page_shows_the_record_without_residents_names(service):
    meeting = held_meeting(service)
    page = service.client.get(f"/meetings/testville/{meeting['id']}").get_data(as_text=True)
    assert "4号楼漏水协调会" in page and "顶层漏水维修方案" in page
    assert "会议议定顶层防水层由物业更换。" in page and "费用由维修基金列支" in page
    assert "物业一周内更换防水层" in page and "未通过的理由：业主意见不一,下次再议" in page
    assert "城管局" in page and "未发出" in page  # the materials notice was never sent
    assert "王阿姨" not in page
    month = (T0 + timedelta(days=31)).strftime("%Y-%m")
    calendar = service.client.get(f"/meetings/testville?month={month}").get_data(as_text=True)
    assert f"/meetings/testville/{meeting['id']}" in calendar and "协调会：4号楼漏水协调会" in calendar
    assert service.client.get(f"/meetings/otherville/{meeting['id']}").status_code == 404
    assert service.client.get("/meetings/testville/nope").status_code == 404
    assert service.client.get("/meetings/testville?month=2026-13").status_code == 422


def test_the_six_step_page_shows_each_published_step(service):
    matter = open_matter(service)
    for record in STEPS[:3]:
        step(service, matter, record)
    page = service.client.get(f"/deliberations/testville/{matter}").get_data(as_text=True)
    assert "入户征求意见86户" in page and "赞成 25 票，反对 4 票，弃权 2 票" in page
    assert "下一步：居委会具体实施" in page and page.count("尚未进行") == 3
    board = service.client.get("/deliberations/testville").get_data(as_text=True)
    assert "已公示3/6步" in board
    notices = service.client.get("/board/testville").get_data(as_text=True)
    assert "/deliberations/testville" in notices and "/meetings/testville" in notices  # from the public board


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_meeting_pages_read_on_a_phone_and_are_axe_clean(service, phone_page):
    meeting = held_meeting(service)
    matter = open_matter(service)
    step(service, matter, STEPS[0])
    month = (T0 + timedelta(days=31)).strftime("%Y-%m")
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/meetings/testville?month={month}")
        problems = checked(phone, "50-meetings-phone")
        navigate(phone, "a:has-text('4号楼漏水协调会')")
        assert phone.inner_text("h1") == "4号楼漏水协调会"
        assert phone.locator("#meeting-attendance tbody tr").count() == 3
        assert "费用由维修基金列支" in phone.inner_text("#meeting-corrections")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        problems += checked(phone, "51-meeting-phone")
        phone.goto(f"{phone.base}/deliberations/testville/{matter}")
        assert "入户征集意见" in phone.inner_text("#matter-steps")
        problems += checked(phone, "52-deliberation-phone")
    assert problems == [], meeting["id"]
