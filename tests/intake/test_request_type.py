"""The request type (诉求类型, issue 18 item 3): required on the resident form (radio buttons), optional in
the JSON API (producers that do not ask send none), on case.received.v1, and shown on the receipt and
the public track page. On PostgreSQL through the app."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from minqing_contracts import Envelope
from minqing_intake.adapters.tables import bus, cases

from .helpers import request_body


def received(runtime) -> list[dict]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(bus.outbox).order_by(bus.outbox.c.id)).all()
    return [Envelope.from_json(r.body).payload for r in rows if Envelope.from_json(r.body).type == "case.received.v1"]


def posted(client, **fields):
    page = client.get("/?district=xinlin").get_data(as_text=True)
    form = {
        "district": "xinlin",
        "content": "幸福小区3号楼门前垃圾三天没人清运,气味很大。",
        "address": "新林镇幸福小区3号楼",
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        **fields,
    }
    return client.post("/", data=form)


def test_the_form_asks_the_type_and_refuses_a_request_without_one(client, runtime):
    page = client.get("/?district=xinlin").get_data(as_text=True)
    assert re.findall(r'name="request_type" value="(\w+)" required', page) == [
        "consultation",
        "help",
        "complaint",
        "suggestion",
        "praise",
    ]
    for chosen in ({}, {"request_type": "gossip"}):
        refused = posted(client, **chosen)
        body = refused.get_data(as_text=True)
        assert refused.status_code == 422 and 'id="request_type-error"' in body
        assert "请选择诉求类型(咨询、求助、投诉、建议、表扬)" in body and 'href="#request_type-consultation"' in body
    with runtime.db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(cases)).scalar() == 0


def test_the_chosen_type_travels_on_the_event_and_shows_on_the_receipt_and_the_public_page(client, runtime):
    filed = posted(client, request_type="suggestion", public="yes")  # 公开: the public page shows it
    assert filed.status_code == 303
    receipt = client.get(filed.headers["Location"]).get_data(as_text=True)
    assert '诉求类型:<span id="request-type">建议</span>' in receipt
    [event] = received(runtime)
    assert event["request_type"] == "suggestion"
    public = client.get(f"/track/{event['ticket']}").get_data(as_text=True)
    assert '<dd id="request-type">建议</dd>' in public
    view = client.get(f"/api/v1/cases/{event['ticket']}").get_json()
    assert (view["request_type"], view["request_type_name"]) == ("suggestion", "建议")


def test_the_api_takes_a_type_or_none_and_refuses_an_unknown_one(client, runtime):
    assert client.post("/api/v1/cases", json=request_body()).status_code == 201  # an old producer: none
    assert client.post("/api/v1/cases", json=request_body(request_type="praise")).status_code == 201
    refused = client.post("/api/v1/cases", json=request_body(request_type="gossip"))
    assert refused.status_code == 422
    assert [f["field"] for f in refused.get_json()["error"]["fields"]] == ["request_type"]
    assert [e["request_type"] for e in received(runtime)] == [None, "praise"]
