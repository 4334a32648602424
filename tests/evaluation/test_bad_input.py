"""Evaluation on PostgreSQL: an unknown district is a 404 naming it, each date, month and level in
the query says its own format, NUL in a path is a 400 (was a DataError 500), and no bad input to
any JSON route gets a 500 (issue 12, item 10)."""

from __future__ import annotations

import pytest

from support.bad_input import answers_without_5xx, json_routes

BODY = {
    "solved": True,
    "satisfaction": "satisfied",
    "comment": "处理及时",
    "ticket": "TV-20261102-000001",
    "name": "幸福小区加装电梯",
    "unit_id": "tv-c1",
    "subject_kind": "unit",
    "subject_id": "tv-c1",
    "year": 2026,
    "description": "一事一评",
    "voter": "居民代表甲",
    "rating": "satisfied",
    "party": "community",
    "quarter": "2026Q4",
    "case_id": "c-1",
    "measures": "已整改",
}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


@pytest.mark.parametrize(
    "method,path",
    [
        ("post", "/api/v1/districts/atlantis/panel-ratings"),
        ("get", "/api/v1/districts/atlantis/panel-ratings/2026Q4"),
        ("get", "/api/v1/districts/atlantis/notices/2026Q4.html"),
        ("get", "/api/v1/districts/atlantis/rankings"),
    ],
)
def test_an_unknown_district_is_404_naming_it(service, method, path):
    headers = service.bearer("admin", district="atlantis")
    error = error_of(getattr(service.client, method)(path, json=BODY, headers=headers), 404)
    assert error["code"] == "not_found" and "atlantis" in error["message"]
    assert [f["field"] for f in error["fields"]] == ["district"]


@pytest.mark.parametrize(
    "query,field,reason",
    [
        ("month=2026-13", "month", "must be a month YYYY-MM"),
        ("month=9999-12", "month", "must be a month YYYY-MM"),
        ("from=2026-02-30", "from", "must be a date YYYY-MM-DD"),
        ("to=20261101", "to", "must be a date YYYY-MM-DD"),
        ("month=2026-11&from=2026-11", "from", "must be a date YYYY-MM-DD"),  # a month wins, from is still a day
        ("month=2026-11&to=null", "to", "must be a date YYYY-MM-DD"),
        ("level=galaxy", "level", "must be one of"),
    ],
)
def test_each_query_parameter_says_its_own_format(service, query, field, reason):
    error = error_of(service.client.get(f"/api/v1/districts/testville/rates?{query}"), 422)
    assert error["fields"][0]["field"] == field and error["fields"][0]["reason"].startswith(reason)


def test_a_report_date_past_the_calendar_is_a_field_error(service):
    error = error_of(service.client.get("/api/v1/districts/testville/reports/monthly?date=9999-12-31"), 422)
    assert error["fields"][0]["field"] == "date"


def test_nul_in_a_path_names_the_parameter(service):
    error = error_of(service.client.get("/api/v1/ballots/a%00b"), 400)
    assert error["code"] == "control_characters" and error["fields"][0]["field"] == "ballot_id"


def test_no_bad_input_gets_a_500(service):
    values = {
        "district": "testville",
        "token": "t" * 20,
        "evaluation_id": "ev-1",
        "ballot_id": "b-1",
        "quarter": "2026Q4",
        "name": "2026Q4.json",
        "kind": "monthly",
    }
    headers = service.bearer("admin", "leader", "hotline_operator", "supervisor")
    assert answers_without_5xx(service.client, json_routes(service.client.application), values, BODY, headers) == []
