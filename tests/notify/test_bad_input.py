"""Notify on PostgreSQL: the inbox's and the delivery log's limit are bounded, a message id past
bigint is a 404, NUL in a query is a 400 naming it (each was a DataError 500), and no bad input to
any JSON route gets a 500 (issue 12, item 10)."""

from __future__ import annotations

import pytest

from minqing_notify.bootstrap import bootstrap
from minqing_notify.definition import DEFINITION
from support.bad_input import answers_without_5xx, json_routes

from .conftest import TOKEN_PUBLIC, Notify, write_district


@pytest.fixture
def api(make_settings, tmp_path):
    """Only the web app: no receivers, no workers."""
    settings = make_settings(
        DEFINITION, DISTRICTS_DIR=write_district(tmp_path, "http://127.0.0.1:9"), TOKEN_PUBLIC_KEYS=f"k1={TOKEN_PUBLIC}"
    )
    notify = Notify(settings, bootstrap(settings), None, None, None, None)
    yield notify.app(), notify.token("nv-p1", "nv-unit", "dispatcher")
    notify.runtime.db.dispose()


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def test_limit_out_of_bounds_is_a_field_error(api):
    client, headers = api
    for path in ("/api/v1/inbox?", "/api/v1/deliveries?ticket=T-1&"):
        for limit in ("-1", "0", "501", "99999999999999999999", str(2**63), "1.5", "ten"):
            error = error_of(client.get(f"{path}limit={limit}", headers=headers), 422)
            assert [(f["field"], f["reason"]) for f in error["fields"]] == [
                ("limit", "must be an integer from 1 to 500")
            ], (path, limit)


def test_a_limit_in_bounds_is_taken(api):
    client, headers = api
    assert client.get("/api/v1/inbox?limit=500", headers=headers).get_json() == {"unread": 0, "messages": []}


def test_a_message_id_past_bigint_is_not_found(api):
    client, headers = api
    for message_id in (str(2**63), "9" * 40, "0"):
        assert error_of(client.post(f"/api/v1/inbox/{message_id}/read", headers=headers), 404)["code"] == "not_found"


def test_nul_in_a_query_names_the_parameter(api):
    client, headers = api
    error = error_of(client.get("/api/v1/deliveries?case_id=c%00", headers=headers), 400)
    assert [f["field"] for f in error["fields"]] == ["case_id"]


def test_no_bad_input_gets_a_500(api):
    client, headers = api
    values = {"message_id": "1"}
    assert answers_without_5xx(client, json_routes(client.application), values, {"read": True}, headers) == []
