"""Evaluation's pages in-process on a real PostgreSQL database: the rating form at the follow-up link
(no JavaScript, CSRF checked), and the dashboard and notice board counting a rated case."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from evaluation.conftest import T0, event, keys, make_service, service, unit  # noqa: F401  (fixtures)

from .browser import available, navigate
from .served import checked

CASE = "c-web-1"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def resolve_case(service) -> str:
    service.feed(
        event(
            "case.received.v1",
            CASE,
            T0,
            ticket="TV-20261102-000001",
            location={"address": None, "grid_code": "TV-C1-G01", "lat": None, "lon": None},
        ),
        event("case.dispatched.v1", CASE, T0, ticket="TV-20261102-000001", **unit("tv-c1")),
        event(
            "case.accepted.v1", CASE, T0, ticket="TV-20261102-000001", within_response_deadline=True, **unit("tv-c1")
        ),
        event("case.resolved.v1", CASE, T0, ticket="TV-20261102-000001", reply="<b>路灯</b>已修好", **unit("tv-c1")),
    )
    return service.link_token(CASE)


def test_the_resident_rates_through_the_form_and_the_dashboard_counts_it(service):
    token = resolve_case(service)
    client = service.client
    form = client.get(f"/rate/{token}")
    assert form.status_code == 200 and "TV-20261102-000001" in form.get_data(as_text=True)
    refused = client.post(f"/rate/{token}", data={"solved": "yes", "satisfaction": "satisfied"})
    assert refused.status_code == 400  # no CSRF token
    missing = client.post(f"/rate/{token}", data={"csrf_token": csrf_of(form.get_data(as_text=True))})
    assert missing.status_code == 422 and "请选择满意程度" in missing.get_data(as_text=True)
    csrf = csrf_of(form.get_data(as_text=True))
    odd = client.post(
        f"/rate/{token}",
        data={"solved": "yes", "satisfaction": "satisfied", "knows_grid_worker": "?", "csrf_token": csrf},
    )
    assert odd.status_code == 422 and "是否认识网格员" in odd.get_data(as_text=True)
    done = client.post(
        f"/rate/{token}",
        data={"solved": "yes", "satisfaction": "satisfied", "knows_grid_worker": "no", "csrf_token": csrf},
    )
    assert done.status_code == 303
    grids = client.get("/api/v1/districts/testville/visit-rates?month=2026-11").json["rates"]
    awareness = next(g["awareness_rate"] for g in grids if g["subject"] == "TV-C1-G01")
    assert awareness == {"value": 0.0, "numerator": 0, "denominator": 1}  # 知晓率: a "no" in the case's grid
    assert "评价已记录" in client.get(done.headers["Location"]).get_data(as_text=True)
    again = client.get(f"/rate/{token}").get_data(as_text=True)
    assert "这条评价已完成" in again
    dashboard = client.get("/dashboard/testville?month=2026-11").get_data(as_text=True)
    assert re.search(r'id="rate-satisfaction">100\.0%<', dashboard)
    assert re.search(r'id="rate-response">100\.0%<', dashboard)
    board = client.get("/board/testville?quarter=2026Q4").get_data(as_text=True)
    assert "TV-20261102-000001" in board and "满意" in board
    assert "&lt;b&gt;路灯&lt;/b&gt;已修好" in board  # the reply is shown as text


def test_unclear_with_four_dimensions_is_a_rating_that_never_counts_as_satisfied(service):
    token = resolve_case(service)
    csrf = csrf_of(service.client.get(f"/rate/{token}").get_data(as_text=True))
    form = {"solved": "yes", "satisfaction": "unclear", "csrf_token": csrf}
    odd = service.client.post(f"/rate/{token}", data={**form, "dim_speed": "fast"})
    assert odd.status_code == 422 and "速度:请选择一项或不填" in odd.get_data(as_text=True)
    done = service.client.post(
        f"/rate/{token}", data={**form, "dim_speed": "satisfied", "dim_attitude": "unclear", "dim_effect": ""}
    )
    assert done.status_code == 303 and "next=close" in done.headers["Location"]  # 说不清 alone: no 重办
    rated = service.emitted("case.rated.v1")[-1]["payload"]
    assert (rated["satisfaction"], rated["unclear"]) == ("not_satisfied", True)
    assert rated["dimensions"] == {"speed": "satisfied", "effect": None, "attitude": "unclear", "reply_quality": None}
    assert service.emitted("case.closed.v1")[-1]["payload"]["unclear"] is True
    unit = service.client.get("/api/v1/districts/testville/rates?month=2026-11&unit=tv-c1").get_json()["units"][0]
    assert unit["rates"]["satisfaction"] == 0.0  # in the denominator, never in the numerator
    assert unit["counts"]["rated"] == 1 and unit["counts"].get("not_satisfied", 0) == 0
    board = service.client.get("/board/testville?quarter=2026Q4").get_data(as_text=True)
    assert re.search(r'data-label="居民评价">说不清<', board)


def test_not_satisfied_after_the_last_reopen_says_the_rating_is_kept(service):
    """testville's reopen limit is 2: the third unsatisfied answer closes the case, and the page says so."""
    resolve_case(service)
    for round_ in (1, 2):
        assert service.answer(CASE, False, "not_satisfied").status_code == 201
        at = T0 + timedelta(hours=10 * round_)
        service.feed(
            event("case.reopened.v1", CASE, at, ticket="TV-20261102-000001", reopen_count=round_, **unit("tv-c1")),
            event("case.resolved.v1", CASE, at, ticket="TV-20261102-000001", reopen_count=round_, **unit("tv-c1")),
        )
    token = service.link_token(CASE)
    csrf = csrf_of(service.client.get(f"/rate/{token}").get_data(as_text=True))
    done = service.client.post(
        f"/rate/{token}", data={"solved": "no", "satisfaction": "not_satisfied", "csrf_token": csrf}
    )
    thanks = service.client.get(done.headers["Location"]).get_data(as_text=True)
    assert 'id="next-kept"' in thanks and "12345" in thanks and 'id="next-reopen"' not in thanks


def test_an_unknown_link_is_a_page_not_json(service):
    response = service.client.get("/rate/not-a-token")
    assert response.status_code == 404
    assert response.content_type.startswith("text/html") and "评价链接无效" in response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    home = service.runtime.settings.public_url("/")  # the residents' address, not the staff's dashboard
    assert f'<a href="{home}" id="home">首页</a>' in page and 'lang="en"' not in page.split("<main")[1]


def test_after_rating_the_resident_is_offered_what_next_on_the_public_address(service):
    token = resolve_case(service)
    form = service.client.get(f"/rate/{token}").get_data(as_text=True)
    done = service.client.post(
        f"/rate/{token}", data={"solved": "yes", "satisfaction": "satisfied", "csrf_token": csrf_of(form)}
    )
    thanks = service.client.get(done.headers["Location"]).get_data(as_text=True)
    base = service.runtime.settings.PUBLIC_BASE_URL.rstrip("/")
    assert f'href="{base}/track/TV-20261102-000001"' in thanks and f'href="{base}/board/testville"' in thanks
    assert f'href="{base}/?district=testville"' in thanks


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_rating_page_offers_residents_their_navigation_only_with_targets_of_24_px(service, phone_page):
    token = resolve_case(service)
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/rate/{token}")
        nav = phone.locator("nav[aria-label='主导航'] a").all_inner_texts()
        assert nav == ["我要反映", "查询进度", "我的诉求"] and "数据看板" not in phone.content()
        problems = checked(phone, "26-resident-rate-phone")
        navigate(phone, "button:has-text('提交评价')")  # nothing chosen: the summary names the questions
        summary = phone.inner_text(".alert")
        assert "满意程度" in summary and "satisfaction" not in summary
        phone.check("#solved-yes")
        phone.check("#sat-satisfied")
        phone.check("#knows-yes")  # the optional 知晓 question, a 24 px target like the others
        phone.click("#dimensions summary")  # the four dimensions, folded away until asked for
        phone.check("#dim_reply_quality-basically_satisfied")
        problems += checked(phone, "26-resident-rate-dimensions-phone")
        navigate(phone, "button:has-text('提交评价')")
        assert phone.locator("#next-steps a").count() == 3
        problems += checked(phone, "27-resident-thanks-phone")
    assert problems == []
    grids = service.client.get("/api/v1/districts/testville/visit-rates?month=2026-11").json["rates"]
    assert next(g["awareness_rate"]["numerator"] for g in grids if g["subject"] == "TV-C1-G01") == 1


NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_public_board_is_cards_on_a_phone_and_a_table_on_a_desk(service, phone_page):
    resolve_case(service)
    service.answer(CASE, True, "basically_satisfied")
    with phone_page(service.client.application) as phone:
        problems: list[str] = []
        for width in (320, 390):
            phone.set_viewport_size({"width": width, "height": 800})
            phone.goto(f"{phone.base}/board/testville?quarter=2026Q4")
            assert phone.evaluate(NO_OVERFLOW), f"the board scrolls sideways at {width} px"
            card = phone.locator("#board tbody tr").first
            assert card.evaluate("e => getComputedStyle(e).display") == "block"  # a card, not a table row
            assert phone.locator("#board thead").bounding_box()["height"] <= 1  # column names only for readers
            measures = card.locator("td[data-label='答复/措施']")
            label = measures.evaluate("e => getComputedStyle(e, '::before').content")
            assert "答复/措施" in label and "<b>路灯</b>已修好" in measures.inner_text()
            assert card.bounding_box()["width"] <= width
            assert card.locator("td[data-label='居民评价']").inner_text() == "基本满意"
            problems += checked(phone, f"28-public-board-{width}")
        phone.set_viewport_size({"width": 1280, "height": 900})
        assert phone.locator("#board tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"
    assert problems == []
