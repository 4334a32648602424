"""The kit's request parsing on the base app: one JSON body reader (bad JSON, deep nesting, lone
surrogates, NUL, wrong content type), the URL guard against control characters, bounded integers,
dates and months; each refusal a structured error naming what was wrong."""

from __future__ import annotations

import pytest
from flask import Blueprint, request
from sqlalchemy import MetaData

from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.requests import int_query, json_object, parse_date, parse_month
from minqing_kit.settings import ServiceSettings
from minqing_kit.web import create_base_app


@pytest.fixture
def client():
    app = create_base_app(
        "sample", ServiceSettings(DATABASE_URL="sqlite://"), db=Database("sqlite://"), tables=BusTables(MetaData())
    )
    api = Blueprint("api", __name__, url_prefix="/api")
    api.add_url_rule("/echo", "echo", lambda: json_object(), methods=["POST"])
    api.add_url_rule("/optional", "optional", lambda: json_object(required=False), methods=["POST"])
    api.add_url_rule("/items/<name>", "item", lambda name: {"name": name, "limit": int_query("limit", 10, 1, 500)})
    api.add_url_rule("/days", "days", lambda: {"date": parse_date("date", request.args["date"]).isoformat()})
    api.add_url_rule("/months", "months", lambda: {"month": parse_month("month", request.args["month"]).isoformat()})
    app.register_blueprint(api)
    return app.test_client()


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def fields_of(error: dict) -> dict:
    return {f["field"]: f["reason"] for f in error.get("fields", [])}


def post(client, raw: bytes, path="/api/echo", content_type="application/json"):
    return client.post(path, data=raw, content_type=content_type)


def test_a_json_object_body_is_read_as_sent(client):
    assert post(client, '{"content": "幸福小区", "n": [1, {"a": null}]}'.encode()).get_json() == {
        "content": "幸福小区",
        "n": [1, {"a": None}],
    }
    assert post(client, b"", "/api/optional", "").get_json() == {}


@pytest.mark.parametrize(
    "raw", [b"[" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, b'{"a":' * 40 + b"1" + b"}" * 40]
)
def test_deep_nesting_is_bad_json_not_a_recursion_error(client, raw):
    error = error_of(post(client, raw), 400)
    assert error["code"] == "bad_json" and "nests deeper than 32" in error["message"]


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"[]", b"null", b'"text"', b'{"x": NaN}', b'{"x": -Infinity}', b"1" * 5000, b"\xff\xfe{}"]
)
def test_what_is_not_a_json_object_is_bad_json(client, raw):
    assert error_of(post(client, raw), 400)["code"] == "bad_json"


@pytest.mark.parametrize("raw", [b'{"content": "\\ud800 text"}', b'{"content": "\xed\xa0\x80 text"}'])
def test_a_lone_surrogate_is_bad_json_naming_the_field(client, raw):
    error = error_of(post(client, raw), 400)
    assert error["code"] == "bad_json" and "content" in fields_of(error)


def test_nul_in_a_string_or_key_is_a_field_error(client):
    error = error_of(post(client, b'{"content": "a\\u0000b", "contact": {"name": ["x", "\\u0000"]}}'), 422)
    assert fields_of(error) == {
        "content": "must not contain NUL characters",
        "contact.name[1]": "must not contain NUL characters",
    }
    assert "(key)" in fields_of(error_of(post(client, b'{"\\u0000": 1}'), 422))


def test_a_body_that_is_not_json_gets_415(client):
    assert error_of(post(client, b"content=x", content_type="text/plain"), 415)["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "url,field",
    [
        ("/api/items/a%00b", "name"),
        ("/api/items/a%0Ab", "name"),
        ("/api/nowhere%00", "path"),
        ("/api/items/x?limit=%00", "limit"),
        ("/api/items/x?q=a%01b", "q"),
        ("/api/items/x?a%00=1", "a?"),
        ("/healthz?x=%7f", "x"),
    ],
)
def test_control_characters_in_the_url_are_refused_naming_the_parameter(client, url, field):
    error = error_of(client.get(url), 400)
    assert error["code"] == "control_characters" and field in fields_of(error)


def test_nul_in_a_form_field_is_refused_and_free_text_keeps_tabs_and_newlines(client):
    error = error_of(client.post("/api/echo", data={"description": "a\x00b"}), 400)
    assert "description" in fields_of(error)
    assert client.get("/api/items/x?note=line%0Anext%09tab").status_code == 200


@pytest.mark.parametrize("limit", ["-1", "0", "501", "99999999999999999999999", str(2**63), "abc", "1.5", "", " 5"])
def test_a_bounded_integer_outside_its_bounds_is_a_field_error(client, limit):
    error = error_of(client.get(f"/api/items/x?limit={limit}"), 422)
    assert fields_of(error) == {"limit": "must be an integer from 1 to 500"}


def test_a_bounded_integer_inside_its_bounds_or_absent(client):
    assert client.get("/api/items/x?limit=500").get_json()["limit"] == 500
    assert client.get("/api/items/x").get_json()["limit"] == 10


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "202611", "2026-11-01", "9999-12", "0001-01", "2026-00"])
def test_a_bad_month_says_the_month_format(client, text):
    assert fields_of(error_of(client.get(f"/api/months?month={text}"), 422))["month"].startswith(
        "must be a month YYYY-MM"
    )


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "20261101", "2026-11", "9999-12-31", "1-01-01"])
def test_a_bad_date_says_the_date_format(client, text):
    assert fields_of(error_of(client.get(f"/api/days?date={text}"), 422))["date"].startswith(
        "must be a date YYYY-MM-DD"
    )


def test_good_dates_and_months(client):
    assert client.get("/api/months?month=2026-02").get_json() == {"month": "2026-02-01"}
    assert client.get("/api/days?date=2026-02-28").get_json() == {"date": "2026-02-28"}
