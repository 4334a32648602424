"""Evaluation's pages in-process on a real PostgreSQL database: the rating form at the follow-up link
(no JavaScript, CSRF checked), and the dashboard and notice board counting a rated case."""
from __future__ import annotations

import re

from evaluation.conftest import T0, event, keys, make_service, service, unit  # noqa: F401  (fixtures)

CASE = "c-web-1"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def resolve_case(service) -> str:
    service.feed(event("case.received.v1", CASE, T0, ticket="TV-20261102-000001",
                       location={"address": None, "grid_code": "TV-C1-G01", "lat": None, "lon": None}),
                 event("case.dispatched.v1", CASE, T0, ticket="TV-20261102-000001", **unit("tv-c1")),
                 event("case.accepted.v1", CASE, T0, ticket="TV-20261102-000001", within_response_deadline=True,
                       **unit("tv-c1")),
                 event("case.resolved.v1", CASE, T0, ticket="TV-20261102-000001", reply="<b>路灯</b>已修好",
                       **unit("tv-c1")))
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
    done = client.post(f"/rate/{token}", data={"solved": "yes", "satisfaction": "satisfied",
                                               "csrf_token": csrf_of(form.get_data(as_text=True))})
    assert done.status_code == 303
    assert "评价已记录" in client.get(done.headers["Location"]).get_data(as_text=True)
    again = client.get(f"/rate/{token}").get_data(as_text=True)
    assert "这条评价已完成" in again
    dashboard = client.get("/dashboard/testville?month=2026-11").get_data(as_text=True)
    assert re.search(r'id="rate-satisfaction">100\.0%<', dashboard)
    assert re.search(r'id="rate-response">100\.0%<', dashboard)
    board = client.get("/board/testville?quarter=2026Q4").get_data(as_text=True)
    assert "TV-20261102-000001" in board and "满意" in board
    assert "&lt;b&gt;路灯&lt;/b&gt;已修好" in board  # the reply is shown as text


def test_an_unknown_link_is_a_page_not_json(service):
    response = service.client.get("/rate/not-a-token")
    assert response.status_code == 404
    assert response.content_type.startswith("text/html") and "评价链接无效" in response.get_data(as_text=True)
    assert '<a href="/dashboard" id="home">首页</a>' in response.get_data(as_text=True)  # evaluation serves no "/"
