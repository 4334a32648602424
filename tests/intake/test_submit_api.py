"""Every channel and every validation error through the API, on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from sqlalchemy import func, select

from minqing_contracts import Envelope
from minqing_intake.adapters.tables import bus, cases
from minqing_kit.sealing import open_contact

from .helpers import PHONE, request_body

CONSENT = {"how": "signed_form", "given_at": "2026-11-22T09:00:00+08:00", "note": "委托书存社区"}


def outbox_events(runtime) -> list[Envelope]:
    with runtime.db.engine.connect() as connection:
        return [Envelope.from_json(r.body) for r in connection.execute(select(bus.outbox).order_by(bus.outbox.c.id))]


def count_cases(runtime) -> int:
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(cases)).scalar_one()


@pytest.mark.parametrize("channel", ["web", "api"])
def test_resident_submission_gets_ticket_receipt_and_event(client, runtime, keys, channel):
    response = client.post("/api/v1/cases", json=request_body(channel=channel))
    assert response.status_code == 201
    receipt = response.get_json()
    assert receipt["ticket"].startswith("XL-") and len(receipt["ticket"].split("-")[-1]) == 6
    assert receipt["category"] == "environment" and len(receipt["tracking_secret"]) >= 20
    [event] = outbox_events(runtime)
    assert event.type == "case.received.v1" and event.case_id == receipt["case_id"]
    payload = event.payload
    assert payload["first_contact"]["kind"] == "resident" and payload["channel"] == channel
    assert payload["location"]["grid_code"] == "XL-XF-01-G01"  # resolved from the building address
    assert open_contact(payload["contact_sealed"], keys["notify_private"]) == {
        "name": "刘大爷",
        "phone": PHONE,
        "tracking_secret": receipt["tracking_secret"],
    }  # for the receipt SMS
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases)).one()
    assert receipt["tracking_secret"] not in json.dumps([str(v) for v in row])  # only its hash is kept


@pytest.mark.parametrize(
    "channel,roles,extra",
    [
        ("hotline", ("hotline_operator",), {}),
        ("grid_visit", ("grid_worker",), {}),
        ("messenger", ("community_handler",), {}),
        ("wechat_group", ("community_handler",), {}),
        ("talk_room", ("community_handler",), {}),
        ("teahouse", ("grid_worker",), {}),
        ("proxy", ("community_handler",), {"filed_for": "3号楼独居老人刘大爷", "proxy_consent": CONSENT}),
    ],
)
def test_staff_channels_record_the_first_contact_person(client, runtime, token, channel, roles, extra):
    headers = token("xl-xf-g1", roles, unit="xl-xf", name="吴秀兰")
    assert client.post("/api/v1/cases", json=request_body(channel=channel, **extra)).status_code == 401
    response = client.post("/api/v1/cases", json=request_body(channel=channel, **extra), headers=headers)
    assert response.status_code == 201, response.get_json()
    [event] = outbox_events(runtime)
    first = event.payload["first_contact"]
    assert (first["kind"], first["id"], first["name"], first["unit_id"]) == ("person", "xl-xf-g1", "吴秀兰", "xl-xf")
    assert first["role"] in roles and event.payload["channel"] == channel
    assert event.payload["filed_for"] == extra.get("filed_for")


def test_staff_of_another_district_or_role_is_refused(client, runtime, token):
    other = token("lw-op-1", ("hotline_operator",), district="luwan", unit="luwan")
    assert client.post("/api/v1/cases", json=request_body(channel="hotline"), headers=other).status_code == 403
    grid = token("xl-xf-g1", ("grid_worker",), unit="xl-xf")
    assert client.post("/api/v1/cases", json=request_body(channel="hotline"), headers=grid).status_code == 403
    assert count_cases(runtime) == 0


def test_echo_wall_keeps_no_identity(client, runtime):
    refused = client.post("/api/v1/cases", json=request_body(channel="echo_wall"))
    assert refused.status_code == 422 and refused.get_json()["error"]["fields"][0]["field"] == "contact"
    body = request_body(channel="echo_wall")
    del body["contact"]
    response = client.post("/api/v1/cases", json=body, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 201
    [event] = outbox_events(runtime)
    assert event.payload["anonymous"] is True and event.payload["contact_sealed"] is None
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases)).one()
    assert "10.9.8.7" not in json.dumps([str(v) for v in row]) and row.contact_sealed is None


def test_proxy_filing_needs_whom_it_is_for(client, token):
    headers = token("xl-xf-h1", ("community_handler",), unit="xl-xf", name="李娜")
    response = client.post("/api/v1/cases", json=request_body(channel="proxy", proxy_consent=CONSENT), headers=headers)
    assert response.status_code == 422
    assert [f["field"] for f in response.get_json()["error"]["fields"]] == ["filed_for"]


def test_proxy_filing_records_the_residents_consent_and_only_proxy_filing_does(client, runtime, token):
    headers = token("xl-xf-h1", ("community_handler",), unit="xl-xf", name="李娜")
    without = client.post("/api/v1/cases", json=request_body(channel="proxy", filed_for="刘大爷"), headers=headers)
    assert without.status_code == 422
    [problem] = without.get_json()["error"]["fields"]
    assert (problem["field"], problem["reason_zh"]) == ("proxy_consent", "代理须记录居民的同意方式和时间")
    elsewhere = client.post(
        "/api/v1/cases", json=request_body(channel="messenger", proxy_consent=CONSENT), headers=headers
    )
    assert [f["field"] for f in elsewhere.get_json()["error"]["fields"]] == ["proxy_consent"]
    bad_how = request_body(channel="proxy", filed_for="刘大爷", proxy_consent={**CONSENT, "how": "telepathy"})
    assert client.post("/api/v1/cases", json=bad_how, headers=headers).status_code == 422
    assert count_cases(runtime) == 0 and outbox_events(runtime) == []

    body = request_body(channel="proxy", filed_for="刘大爷", proxy_consent=CONSENT)
    receipt = client.post("/api/v1/cases", json=body, headers=headers).get_json()
    [event] = outbox_events(runtime)
    assert event.payload["proxy_consent"] == {
        "how": "signed_form",
        "given_at": "2026-11-22T09:00:00+08:00",
        "note": "委托书存社区",
    }
    tracked = client.get(
        f"/api/v1/cases/{receipt['ticket']}", headers={"X-Tracking-Secret": receipt["tracking_secret"]}
    )
    assert tracked.get_json()["proxy_consent"]["how"] == "signed_form"


def test_a_party_member_files_for_a_resident_and_another_districts_messenger_cannot(client, runtime, token, keys):
    """联户党员 and 民情信使 sign in to file on a resident's behalf (代办/代理), in their own district only."""
    other = token("lw-ss-m1", ("messenger",), district="luwan", unit="lw-ss", name="陆阿姨")
    body = request_body(channel="proxy", filed_for="3号楼刘大爷", proxy_consent=CONSENT, public=False)
    assert client.post("/api/v1/cases", json=body, headers=other).status_code == 403
    assert count_cases(runtime) == 0
    member = token("xl-xf-p1", ("party_member",), unit="xl-xf", name="石国梁")
    response = client.post("/api/v1/cases", json=body, headers=member)
    assert response.status_code == 201, response.get_json()
    [event] = outbox_events(runtime)
    payload = event.payload
    assert (payload["channel"], payload["filed_for"], payload["public"]) == ("proxy", "3号楼刘大爷", False)
    assert payload["first_contact"] == {
        "kind": "person",
        "id": "xl-xf-p1",
        "name": "石国梁",
        "role": "party_member",
        "unit_id": "xl-xf",
    }  # the proxy: routing and notify read them from first_contact with the consent
    assert payload["proxy_consent"]["how"] == "signed_form"
    assert open_contact(payload["contact_sealed"], keys["notify_private"])["phone"] == PHONE  # the resident's own
    with runtime.db.engine.connect() as connection:
        assert PHONE not in json.dumps([str(v) for v in connection.execute(select(cases)).one()])


def test_the_resident_takes_the_case_back_from_the_proxy(client, runtime, token):
    headers = token("xl-xf-h1", ("community_handler",), unit="xl-xf", name="李娜")
    body = request_body(channel="proxy", filed_for="刘大爷", proxy_consent=CONSENT)
    receipt = client.post("/api/v1/cases", json=body, headers=headers).get_json()
    path = f"/api/v1/cases/{receipt['ticket']}/proxy/withdraw"
    assert client.post(path, headers={"X-Tracking-Secret": "not-the-secret"}).status_code == 403
    assert client.post(path).status_code == 403
    secret = {"X-Tracking-Secret": receipt["tracking_secret"]}
    first, again = client.post(path, headers=secret), client.post(path, headers=secret)
    assert first.status_code == again.status_code == 200 and first.get_json() == again.get_json()
    withdrawn = [e for e in outbox_events(runtime) if e.type == "case.proxy_withdrawn.v1"]
    assert [(e.case_id, e.payload["proxy_person_id"]) for e in withdrawn] == [(receipt["case_id"], "xl-xf-h1")]
    tracked = client.get(f"/api/v1/cases/{receipt['ticket']}", headers=secret).get_json()
    assert tracked["proxy_withdrawn_at"] == first.get_json()["proxy_withdrawn_at"]

    plain = client.post("/api/v1/cases", json=request_body()).get_json()
    answer = client.post(
        f"/api/v1/cases/{plain['ticket']}/proxy/withdraw", headers={"X-Tracking-Secret": plain["tracking_secret"]}
    )
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "no_proxy"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"content": "太短"}, "content"),
        ({"content": "长" * 5001}, "content"),
        ({"district": "atlantis"}, "district"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"contact": {"phone": "12345678901"}}, "contact.phone"),
        ({"contact": {"phone": "1391234567"}}, "contact.phone"),
        ({"location": {}}, "location"),
        ({"location": {"grid_code": "XL-NOPE-01-G09"}}, "location.grid_code"),
        ({"location": {"lat": 31.22, "lon": 121.47}}, "location"),  # Shanghai is not in Xinlin
        ({"location": {"lat": 51.68}}, "location"),
        (
            {"attachments": [{"ref": "att:abc", "content_type": "application/x-msdownload", "size": 10}]},
            "attachments[0].content_type",
        ),
        (
            {"attachments": [{"ref": "att:abc", "content_type": "image/jpeg", "size": 30 * 2**20}]},
            "attachments[0].size",
        ),
        (
            {"attachments": [{"ref": "file:///etc/passwd", "content_type": "image/jpeg", "size": 10}]},
            "attachments[0].ref",
        ),
        ({"category": "astrology"}, "category"),
        ({"contact": False}, "contact"),  # not an object, though empty in Python's eyes
        ({"attachments": 0}, "attachments"),
    ],
)
def test_each_validation_error_is_structured_and_creates_nothing(client, runtime, changes, field):
    response = client.post("/api/v1/cases", json=request_body(**changes))
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert field in [f["field"] for f in fields]
    assert all(f["reason"] and f["reason_zh"] for f in fields)
    assert count_cases(runtime) == 0 and outbox_events(runtime) == []


def test_valid_locations_by_grid_and_by_point(client, runtime):
    by_grid = client.post("/api/v1/cases", json=request_body(location={"grid_code": "XL-LH-01-G02"}))
    by_point = client.post("/api/v1/cases", json=request_body(location={"lat": 51.681, "lon": 124.397}))
    assert by_grid.status_code == 201 and by_point.status_code == 201
    grids = [e.payload["location"]["grid_code"] for e in outbox_events(runtime)]
    assert grids == ["XL-LH-01-G02", "XL-XF-01-G01"]


def test_body_over_the_limit_is_413_and_not_json_is_400(client, runtime):
    big = client.post("/api/v1/cases", data=b"{" + b" " * 2_000_000 + b"}", content_type="application/json")
    assert big.status_code == 413 and big.get_json()["error"]["message_zh"]
    assert client.post("/api/v1/cases", data="[]", content_type="application/json").status_code == 400
    assert count_cases(runtime) == 0


def test_idempotency_key_returns_the_same_receipt(client, runtime):
    headers = {"Idempotency-Key": "3f1c2a9e-retry-key-0001"}
    first = client.post("/api/v1/cases", json=request_body(), headers=headers).get_json()
    second = client.post("/api/v1/cases", json=request_body(), headers=headers).get_json()
    assert first == second and count_cases(runtime) == 1 and len(outbox_events(runtime)) == 1
    view = client.get(first["track_url"], headers={"X-Tracking-Secret": second["tracking_secret"]}).get_json()
    assert view["full"] is True
    reused = client.post("/api/v1/cases", json=request_body(content="另一件事:路灯坏了很久了"), headers=headers)
    assert reused.status_code == 422 and reused.get_json()["error"]["code"] == "idempotency_key_reused"


def test_the_same_key_sent_at_once_from_many_clients_files_one_case(runtime):
    """The race the idempotency key's unique index settles: the losers' insert fails in their
    transaction and they answer with the winner's receipt."""
    from concurrent.futures import ThreadPoolExecutor

    from minqing_intake.web import create_app

    app, headers = create_app(runtime=runtime), {"Idempotency-Key": "3f1c2a9e-raced-key-0001"}
    body = request_body(contact={})  # no phone: the per-phone limit is not what is tested

    def post(_n: int) -> dict:
        return app.test_client().post("/api/v1/cases", json=body, headers=headers).get_json()

    with ThreadPoolExecutor(6) as pool:
        receipts = list(pool.map(post, range(12)))
    assert {r.get("ticket") for r in receipts} == {receipts[0]["ticket"]} and receipts[0]["ticket"]
    assert count_cases(runtime) == 1 and len(outbox_events(runtime)) == 1


def test_operator_override_emits_reclassified(client, runtime, token):
    ticket = client.post("/api/v1/cases", json=request_body()).get_json()["ticket"]
    path = f"/api/v1/cases/{ticket}/category"
    assert client.put(path, json={"category": "property"}).status_code == 401
    grid = token("xl-xf-g1", ("grid_worker",), unit="xl-xf")
    assert client.put(path, json={"category": "property"}, headers=grid).status_code == 403
    response = client.put(path, json={"category": "property"}, headers=token())
    assert response.get_json() == {
        "ticket": ticket,
        "category": "property",
        "previous_category": "environment",
        "changed": True,
    }
    event = outbox_events(runtime)[-1]
    assert event.type == "case.reclassified.v1" and event.payload["actor"]["id"] == "xl-op-1"
    assert client.get(f"/api/v1/cases/{ticket}").get_json()["category"] == "property"


def test_rate_limits_per_address_and_per_phone(make_settings, keys):
    from minqing_intake.bootstrap import bootstrap
    from minqing_intake.definition import DEFINITION
    from minqing_intake.web import create_app

    from .helpers import DEMO_DISTRICTS

    settings = make_settings(
        DEFINITION,
        DISTRICTS_DIR=DEMO_DISTRICTS,
        RATE_LIMIT_ADDRESS="5/1m",
        RATE_LIMIT_PHONE="2/1h",
        NOTIFY_PUBLIC_KEY=keys["notify_public"],
    )
    rt = bootstrap(settings)
    client = create_app(runtime=rt).test_client()
    statuses = [
        client.post(
            "/api/v1/cases",
            json=request_body(content=f"第{i}次反映:幸福小区垃圾没人清运"),
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        ).status_code
        for i in range(3)
    ]
    assert statuses == [201, 201, 429]  # the third from the same phone
    for _ in range(5):  # five per minute are allowed
        client.get("/api/v1/cases/XL-20990101-000001", environ_base={"REMOTE_ADDR": "10.1.1.1"})
    limited = client.get("/api/v1/cases/XL-20990101-000001", environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 60
    assert client.get("/api/v1/cases/XL-20990101-000001", environ_base={"REMOTE_ADDR": "10.1.1.2"}).status_code == 404
    rt.db.dispose()


def test_nul_characters_are_refused_not_a_server_error(client, runtime):
    response = client.post("/api/v1/cases", json=request_body(content="垃圾没人清运\x00很久了"))
    assert response.status_code == 422 and response.get_json()["error"]["fields"][0]["field"] == "content"
    in_path = client.get("/api/v1/cases/XL-%00")  # the kit's URL guard, before any view
    assert in_path.status_code == 400 and in_path.get_json()["error"]["fields"][0]["field"] == "ticket"
    in_query = client.get("/open311/v2/requests.json", query_string={"service_code": "a\x00b"})
    assert 400 <= in_query.status_code < 500 and "service_code" in in_query.get_json()[0]["description"]
    assert count_cases(runtime) == 0


def test_behind_a_proxy_the_forwarded_client_address_is_limited(make_settings):
    from minqing_intake.bootstrap import bootstrap
    from minqing_intake.definition import DEFINITION
    from minqing_intake.web import create_app

    from .helpers import DEMO_DISTRICTS

    settings = make_settings(DEFINITION, DISTRICTS_DIR=DEMO_DISTRICTS, RATE_LIMIT_ADDRESS="2/1m", TRUSTED_PROXY_HOPS=1)
    rt = bootstrap(settings)
    client = create_app(runtime=rt).test_client()

    def get(address: str) -> int:
        return client.get("/api/v1/cases/XL-20990101-000001", headers={"X-Forwarded-For": address}).status_code

    assert [get("203.0.113.7") for _ in range(3)] == [404, 404, 429]  # the proxy itself is loopback (exempt)
    assert get("203.0.113.8") == 404
    rt.db.dispose()


def test_rate_window_slides_over_the_previous_window(runtime):
    from datetime import datetime, timedelta

    from minqing_intake.adapters.ratelimit import hit

    start = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    with runtime.db.transaction() as session:
        assert [hit(session, "addr:x", 4, 60, start + timedelta(seconds=50)) for _ in range(4)] == [None] * 4
        # 6 s into the next window 90 % of the last one still counts: 4 * 0.9 + 1 > 4, and it takes
        # until 15 s in (4 * 0.75 + 1 = 4) to fit again: retry after 9 s
        assert hit(session, "addr:x", 4, 60, start + timedelta(seconds=66)) == 9
        # 45 s in, a quarter still counts: 4 * 0.25 + 2 <= 4
        assert hit(session, "addr:x", 4, 60, start + timedelta(seconds=105)) is None
