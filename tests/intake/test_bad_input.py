"""Intake refuses bad input with field errors, on PostgreSQL, and no input gets a 500 (issue 12, item 10):
the submission's own rules, then the fuzz of every JSON and Open311 route."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from minqing_intake.adapters.tables import cases
from minqing_intake.domain.submission import Submission, validate
from support.bad_input import answers_without_5xx, json_routes

from .helpers import request_body

ATTACHMENT = {"ref": "att:a1b2c3", "content_type": "image/jpeg", "size": 2048}


def count_cases(runtime) -> int:
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(cases)).scalar_one()


def refused(client, runtime, **changes) -> dict:
    response = client.post("/api/v1/cases", json=request_body(**changes))
    assert response.status_code == 422, response.get_json()
    assert count_cases(runtime) == 0
    return {f["field"]: f["reason"] for f in response.get_json()["error"]["fields"]}


@pytest.mark.parametrize("ref", ["att:../../../etc/passwd", "att:a/b", "att:..", "att:x.y"])
def test_an_attachment_reference_is_an_id_without_dots_or_slashes(client, runtime, ref):
    assert "attachments[0].ref" in refused(client, runtime, attachments=[{**ATTACHMENT, "ref": ref}])


@pytest.mark.parametrize("size", [1.5, 2048.0, True, "2048", 0, -1])
def test_an_attachment_size_is_a_whole_number_of_bytes(client, runtime, size):
    assert "attachments[0].size" in refused(client, runtime, attachments=[{**ATTACHMENT, "size": size}])


def test_a_good_attachment_is_taken(client):
    assert client.post("/api/v1/cases", json=request_body(attachments=[ATTACHMENT])).status_code == 201


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"contact": {"phone": 13912345678}}, "contact.phone"),
        ({"contact": {"name": ["刘"]}}, "contact.name"),
        ({"category": {"code": "environment"}}, "category"),
        ({"location": {"address": 3}}, "location.address"),
        ({"content": 12345678}, "content"),
    ],
)
def test_a_number_or_object_where_text_belongs_is_a_field_error(client, runtime, changes, field):
    assert refused(client, runtime, **changes)[field] == "must be text"


def test_a_huge_integer_coordinate_is_a_field_error(client, runtime):
    assert "location" in refused(client, runtime, location={"lat": 10**400, "lon": 124.397})


def test_nul_in_content_is_a_field_error_before_the_database(client, runtime):
    assert refused(client, runtime, content="幸福小区垃圾\x00没人清运")["content"] == "must not contain NUL characters"


def test_a_lone_surrogate_in_content_is_refused_naming_the_field(client, runtime):
    response = client.post(
        "/api/v1/cases",
        data='{"district": "xinlin", "content": "\\ud800 垃圾没人清运"}'.encode(),
        content_type="application/json",
    )
    assert response.status_code == 400 and count_cases(runtime) == 0
    assert [f["field"] for f in response.get_json()["error"]["fields"]] == ["content"]


def test_the_domain_refuses_surrogates_and_nul_from_any_channel():
    submission = Submission(district="xinlin", channel="web", content="\ud800 垃圾没人清运", address="幸福路\x00")
    assert {p.field: p.reason for p in validate(submission, None, set())} == {
        "content": "must be valid Unicode text (no lone surrogates)",
        "location.address": "must not contain NUL characters",
    }


def test_nul_in_an_open311_form_is_refused_in_open311_format(client):
    response = client.post("/open311/v2/requests.json", data={"api_key": "k\x00", "service_code": "environment"})
    assert 400 <= response.status_code < 500 and "control character" in response.get_json()[0]["description"]


def test_no_bad_input_gets_a_500(client, runtime, token):
    ticket = client.post("/api/v1/cases", json=request_body()).get_json()["ticket"]
    routes = json_routes(client.application, ("/api/", "/open311/"))
    body = request_body(
        category="environment",
        urgent=False,
        location={"address": "新林镇幸福小区3号楼", "lat": 51.681, "lon": 124.397},
        attachments=[{"ref": "att:../../../etc/passwd", "content_type": "image/jpeg", "size": 1.5}],
    )
    headers = token("xl-op-1", ("hotline_operator", "dispatcher"))
    assert (
        answers_without_5xx(
            client, routes, {"ticket": ticket, "fmt": "json", "service_code": "environment"}, body, headers
        )
        == []
    )
