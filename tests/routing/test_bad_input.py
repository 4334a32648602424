"""Routing on PostgreSQL: NUL in a path or query is a 400 naming the parameter (was a DataError 500),
the inbox's limit is bounded, and no bad input to any JSON route gets a 500 (issue 12, item 10)."""

from __future__ import annotations

import pytest

from minqing_routing.bootstrap import bootstrap
from minqing_routing.web import create_app
from support.bad_input import answers_without_5xx, json_routes

from .harness import Api
from .seeding import seed_due_cases

BODY = {
    "reason": "不属于本单位",
    "note": "已电话联系",
    "public": True,
    "outcome": "reply",
    "reply": "已清运",
    "unit_id": "ht-c2",
    "into_case_id": "00000000-0000-0000-0000-000000000000",
    "decisions": "三日内清运",
    "attendees": ["社区", "物业"],
    "joint_with": [{"unit_id": "ht-cgj", "task": "执法"}],
    "co_handlers": [{"unit_id": "ht-cgj", "task": "执法"}],
    "task": "执法",
    "district": "hilltown",
    "person_id": "ht-dp",
    "password": "demo-password-1",
}


@pytest.fixture
def app_and_case(routing_settings):
    runtime = bootstrap(routing_settings)
    [case_id] = seed_due_cases(runtime.db, 1)
    yield create_app(routing_settings, runtime), case_id
    runtime.db.dispose()


@pytest.fixture
def api(app_and_case):
    return Api(app_and_case[0].test_client())


def fields(response, status: int) -> list[str]:
    assert response.status_code == status, response.get_data(as_text=True)
    return [f["field"] for f in response.get_json()["error"]["fields"]]


def test_nul_in_a_path_or_query_names_the_parameter(api):
    assert fields(api.get("ht-dp", "/api/v1/cases/a%00b"), 400) == ["case_id"]
    assert fields(api.get("ht-dp", "/api/v1/inbox?deadline_before=2026-12-01T00:00:00%00"), 400) == ["deadline_before"]


@pytest.mark.parametrize("limit", ["-1", "0", "501", "99999999999999999999", "ten"])
def test_the_inbox_limit_is_bounded(api, limit):
    assert fields(api.get("ht-dp", f"/api/v1/inbox?limit={limit}"), 422) == ["limit"]


def test_nul_in_a_json_body_is_a_field_error(api, app_and_case):
    response = api.post("ht-dp", f"/api/v1/cases/{app_and_case[1]}/progress", {"note": "已联系\x00居民"})
    assert fields(response, 422) == ["note"]


def test_no_bad_input_gets_a_500(api, app_and_case):
    app, case_id = app_and_case
    headers = {"Authorization": f"Bearer {api.token('ht-dp')}"}
    values = {"case_id": case_id, "unit_id": "ht-cgj", "part_id": "1", "ticket": "SEED-0000000"}
    assert answers_without_5xx(app.test_client(), json_routes(app), values, BODY, headers) == []
