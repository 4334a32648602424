"""Evaluation's staff pages: sign in with routing's accounts (routing served on a local port, its real
login API), then the forms of 15 and 16 as the signed-in person: convene a meeting, give its notices,
record the attendance, draft and publish the minutes, record a decision with its task; mark a review
procedure's steps done in order; open a theme from the dashboard's recurring problem. A refused form
keeps what was typed and says why in Chinese; a page without sign-in leads to the sign-in page."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from evaluation.conftest import DISTRICTS, T0, event, make_service  # noqa: F401  (fixtures)
from evaluation.test_annual_review import rectifying

from minqing_kit.tokens import TokenSigner, generate_keypair
from minqing_routing.bootstrap import bootstrap as routing_bootstrap
from minqing_routing.definition import DEFINITION as ROUTING
from minqing_routing.web import create_app as routing_app
from support.wsgi_server import serving

from .browser import available, navigate
from .served import checked

PRIVATE, PUBLIC = generate_keypair()
PASSWORD = "staff-pages-password-1"
LATER = T0 + timedelta(days=40)  # the meeting's day: every notice in time


@pytest.fixture
def keys():
    """The signer of evaluation's test helpers is routing's key here, so both verify the same tokens."""
    return TokenSigner("k1", PRIVATE), f"k1={PUBLIC}"


@pytest.fixture
def service(make_settings, make_service):  # noqa: F811  (evaluation's service, signing in through routing)
    settings = make_settings(
        ROUTING,
        DISTRICTS_DIR=str(DISTRICTS),
        TOKEN_PUBLIC_KEYS=f"k1={PUBLIC}",
        TOKEN_SIGNING_KEY=PRIVATE,
        TOKEN_KEY_ID="k1",
        DEMO_PASSWORD=PASSWORD,
    )
    routing = routing_bootstrap(settings)
    with serving(routing_app(settings, routing)) as url:
        yield make_service(ROUTING_URL=url)
    routing.db.dispose()


def csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, person: str, password: str = PASSWORD):
    token = csrf(client, "/staff/login")
    return client.post(
        "/staff/login",
        data={"csrf_token": token, "district": "testville", "person_id": person, "password": password},
    )


def post(client, path: str, form: dict, page: str | None = None):
    return client.post(path, data={"csrf_token": csrf(client, page or path), **form})


def test_sign_in_goes_through_routing_and_the_cookie_is_for_the_staff_pages_only(service):
    client = service.client
    away = client.get("/staff/meetings/new")
    assert away.status_code == 303 and "/staff/login?next=/staff/meetings/new" in away.headers["Location"]
    wrong = sign_in(client, "tv-c1-h1", "wrong-password")
    assert wrong.status_code == 401 and "tv-c1-h1" in wrong.get_data(as_text=True)  # what was typed stays
    signed = sign_in(client, "tv-c1-h1")
    assert signed.status_code == 303 and signed.headers["Location"].endswith("/staff")
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Path=/staff" in cookie and PASSWORD not in cookie
    home = client.get("/staff").get_data(as_text=True)
    assert "张三 · 一号社区" in home and "召集会议" in home
    assert client.get("/api/v1/meetings/nope").status_code == 401  # the cookie is no bearer token
    assert post(client, "/staff/logout", {}, "/staff").status_code == 303
    assert client.get("/staff").status_code == 303


def convene(client, **changes):
    form = {
        "kind": "coordination",
        "title": "4号楼漏水协调会",
        "unit_id": "tv-c1",
        "starts_at": LATER.strftime("%Y-%m-%dT10:00"),
        "place": "一号社区党群服务中心",
        "agenda": "顶层漏水维修方案\n费用分担",
        "cases": "TV-20261102-000001",
        "invitees": "居民代表 王阿姨\n工作人员 张三 tv-c1-h1",
        **changes,
    }
    return post(client, "/staff/meetings/new", form)


def test_a_meeting_is_convened_held_minuted_and_decided_through_the_forms(service):
    service.feed(event("case.received.v1", "case-m1", T0, ticket="TV-20261102-000001"))
    client = service.client
    sign_in(client, "tv-c1-h1")
    refused = convene(client, invitees="邻居 王阿姨")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "每行写:组别 姓名" in page and "4号楼漏水协调会" in page
    made = convene(client)
    assert made.status_code == 303, made.get_data(as_text=True)
    meeting = made.headers["Location"].split("?")[0]
    assert meeting not in client.get("/staff").get_data(as_text=True)  # on the calendar of December
    shown = client.get(meeting).get_data(as_text=True)
    assert "居民代表 王阿姨" in shown and "2026-12-12 10:00" in shown  # staff see names; local time kept
    assert post(client, f"{meeting}/notice", {"notice": "recruitment"}, meeting).status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    invitees = re.findall(r'name="attended" value="([^"]+)"', page)
    assert len(invitees) == 2
    held = client.post(f"{meeting}/attendance", data={"csrf_token": csrf(client, meeting), "attended": invitees})
    assert held.status_code == 303
    assert post(client, f"{meeting}/minutes", {"text": "议定由物业更换防水层。"}, meeting).status_code == 303
    assert post(client, f"{meeting}/correction", {"text": "费用由维修基金列支"}, meeting).status_code == 303
    assert post(client, f"{meeting}/publication", {}, meeting).status_code == 303
    no_reason = post(client, f"{meeting}/decision", {"text": "加装雨棚", "adopted": "no"}, meeting)
    assert no_reason.status_code == 422 and "加装雨棚" in no_reason.get_data(as_text=True)
    decision = {
        "text": "物业一周内更换防水层",
        "adopted": "yes",
        "case_ids": "case-m1",
        "task_description": "更换防水层",
        "task_unit_id": "tv-cgj",
        "task_days": "5",
    }
    decided = post(client, f"{meeting}/decision", decision, meeting)
    assert decided.status_code == 303, decided.get_data(as_text=True)
    [told] = service.emitted("meeting.decision_recorded.v1")
    assert told["payload"]["case_ids"] == ["case-m1"] and told["payload"]["adopted"] is True
    public = client.get(f"/meetings/testville/{meeting.rsplit('/', 1)[1]}").get_data(as_text=True)
    assert "物业一周内更换防水层" in public and "费用由维修基金列支" in public and "王阿姨" not in public


def test_a_stranger_to_the_meeting_cannot_change_it(service):
    service.feed(event("case.received.v1", "case-m1", T0, ticket="TV-20261102-000001"))
    sign_in(service.client, "tv-c1-h1")
    meeting = convene(service.client).headers["Location"].split("?")[0]
    other = service.client.application.test_client()
    sign_in(other, "tv-c2-h1")  # 李四 of the other community, not invited
    assert other.get(meeting).status_code == 403


def test_a_review_procedures_steps_are_done_in_order_from_its_page(service):
    review = rectifying(service)
    client = service.client
    sign_in(client, "tv-c1-h1")  # a community handler sees the steps but has no form
    page = f"/staff/reviews/{review}"
    assert "整改完成" in client.get(page).get_data(as_text=True)
    assert 'name="step"' not in client.get(page).get_data(as_text=True)
    sign_in(client, "tv-s1-h1")  # 王五, the street's supervisor
    assert f"/staff/reviews/{review}" in client.get("/staff").get_data(as_text=True)
    form = {"kind": "rectification", "step": "rectified"}
    skipped = post(client, f"{page}/steps", form, page)
    assert skipped.status_code == 409 and "下一步应为“制定整改计划”" in skipped.get_data(as_text=True)
    done = post(client, f"{page}/steps", {**form, "step": "rectification_plan", "note": "每周入户两次"}, page)
    assert done.status_code == 303
    shown = client.get(page).get_data(as_text=True)
    assert "制定整改计划 ✓ 2026-11-02:每周入户两次" in shown and "“整改完成”已完成" in shown


def test_a_theme_is_opened_from_the_recurring_problems_link(service):
    client = service.client
    sign_in(client, "tv-c1-h1")
    link = "/staff/themes/new?category=environment&street=tv-s1&words=垃圾+清运&source=recurring:2026-11"
    form_page = client.get(link).get_data(as_text=True)
    assert "只有主管、领导和管理员" in form_page and 'value="垃圾 清运"' in form_page
    fields = {
        "title": "垃圾清运不及时",
        "problem": "3号楼一带垃圾清运不及时",
        "category": "environment",
        "area": "tv-s1",
        "keywords": "垃圾 清运",
        "lead_unit_id": "tv-cgj",
        "source": "recurring:2026-11",
        "task_description": "增设垃圾收集点",
        "task_unit_id": "tv-c1",
        "task_period": "10wd",
    }
    assert post(client, "/staff/themes/new", fields, link).status_code == 403
    sign_in(client, "tv-s1-h1")
    bad = post(client, "/staff/themes/new", {**fields, "task_period": "ten days"}, link)
    assert bad.status_code == 422 and "垃圾清运不及时" in bad.get_data(as_text=True)
    opened = post(client, "/staff/themes/new", fields, link)
    assert opened.status_code == 303 and opened.headers["Location"].startswith("/themes/testville/")
    [theme] = service.emitted("theme.opened.v1")
    assert theme["payload"]["keywords"] == ["垃圾", "清运"] and theme["payload"]["area"] == "tv-s1"
    assert "增设垃圾收集点" in client.get(opened.headers["Location"]).get_data(as_text=True)


def test_the_dashboards_recurring_problems_link_to_the_theme_form(service):
    page = service.client.get("/dashboard/testville").get_data(as_text=True)
    assert "每月一题</th>" in page  # the column; each problem's row links to /staff/themes/new


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_staff_sign_in_and_convene_a_meeting_on_a_phone(service, phone_page):
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/staff/meetings/new")
        problems = checked(phone, "60-staff-login-phone")
        phone.fill("#person_id", "tv-c1-h1")
        phone.fill("#password", PASSWORD)
        navigate(phone, "button:has-text('登录')")
        assert phone.inner_text("h1").startswith("召集会议")
        phone.fill("#title", "4号楼漏水协调会")
        phone.fill("#starts_at", LATER.strftime("%Y-%m-%dT10:00"))
        phone.fill("#place", "一号社区党群服务中心")
        phone.fill("#agenda", "顶层漏水维修方案")
        phone.fill("#invitees", "居民代表 王阿姨")
        problems += checked(phone, "61-staff-meeting-new-phone")
        navigate(phone, "button:has-text('召集')")
        assert phone.inner_text("h1") == "4号楼漏水协调会"
        navigate(phone, "button:has-text('记录通知')")
        assert "已记录" in phone.inner_text("#done")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        problems += checked(phone, "62-staff-meeting-phone")
    assert problems == []
