"""Through the real broker: case.received.v1 on the wire matches its committed schema; routing's and
evaluation's events keep the tracking view current, in or out of order."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import jsonschema
import kombu

from minqing_contracts import PAYLOADS, new_envelope, topology
from minqing_contracts.export import ENVELOPE_SCHEMA, EVENT_SCHEMAS
from minqing_intake.definition import DEFINITION
from minqing_kit.logs import JsonFormatter
from minqing_kit.publisher import ConfirmingPublisher, Outgoing
from minqing_kit.service import build_consumer, build_relay, declare
from support.workers import running, wait_for

from .helpers import PHONE, request_body
from .test_submit_api import outbox_events

T0 = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def routing_event(event_type: str, case_id: str, minutes: int, **changes):
    model = PAYLOADS[event_type]
    payload = model.model_validate({**model.EXAMPLE, **changes})
    return new_envelope(
        payload, district="xinlin", producer="routing", case_id=case_id, occurred_at=T0 + timedelta(minutes=minutes)
    )


def publish(url: str, *envelopes) -> None:
    publisher = ConfirmingPublisher(url, confirm_timeout=5)
    result = publisher.publish_batch(
        [
            Outgoing(
                key=i,
                event_id=e.event_id,
                event_type=e.type,
                routing_key=e.routing_key,
                body=e.to_json(),
                correlation_id=e.correlation_id,
            )
            for i, e in enumerate(envelopes)
        ]
    )
    publisher.close()
    assert len(result.confirmed) == len(envelopes)


def test_received_event_on_the_broker_is_valid_and_carries_no_clear_phone(client, runtime, broker_url):
    with kombu.Connection(broker_url) as connection:
        channel = connection.channel()
        exchange = kombu.Exchange(topology.EXCHANGE, type="topic", durable=True)
        exchange(channel).declare()
        queue = kombu.Queue("intake-test.received", exchange=exchange, routing_key="*.case.received.v1")
        queue(channel).declare()
        receipt = client.post("/api/v1/cases", json=request_body()).get_json()
        with running(build_relay(DEFINITION, runtime.settings, runtime.db)):
            message = wait_for(lambda: queue(channel).get(no_ack=True), what="case.received.v1 on the broker")
    body = message.body.decode() if isinstance(message.body, bytes) else message.body
    assert PHONE not in body
    envelope = json.loads(body)
    jsonschema.validate(envelope, json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8")))
    jsonschema.validate(envelope["payload"], json.loads((EVENT_SCHEMAS / "case.received.v1.json").read_text("utf-8")))
    assert envelope["payload"]["ticket"] == receipt["ticket"]


def test_tracking_view_follows_events_and_ignores_late_ones(client, runtime, broker_url):
    receipt = client.post("/api/v1/cases", json=request_body()).get_json()
    case_id, ticket = receipt["case_id"], receipt["ticket"]
    events = [
        routing_event("case.dispatched.v1", case_id, 1, ticket=ticket),
        routing_event("case.progress_recorded.v1", case_id, 3, ticket=ticket, note="已联系物业,明日清运"),
        routing_event("case.progress_recorded.v1", case_id, 4, ticket=ticket, note="内部:物业经理手机", public=False),
        routing_event("case.resolved.v1", case_id, 5, ticket=ticket, reply="垃圾已于今日清运完毕。"),
        routing_event("case.accepted.v1", case_id, 2, ticket=ticket),  # delivered late: after resolved
    ]
    declare(DEFINITION, runtime.settings, runtime)  # intake's queue and bindings
    publish(broker_url, *events)
    consumer = build_consumer(DEFINITION, runtime.settings, runtime)
    with running(consumer):
        wait_for(lambda: consumer.counts["handled"] == 5, what="five events handled")
    view = client.get(f"/api/v1/cases/{ticket}").get_json()
    assert view["status"] == "resolved" and view["unit"] == "幸福社区"
    assert view["reply"] == "垃圾已于今日清运完毕。"
    assert [s["kind"] for s in view["steps"]] == ["dispatched", "accepted", "progress", "reply"]
    assert "内部" not in json.dumps(view, ensure_ascii=False)
    assert "content" not in view and "location" not in view and "first_contact" not in view


def test_public_view_hides_reporter_and_secret_shows_full_record(client):
    receipt = client.post("/api/v1/cases", json=request_body()).get_json()
    public = client.get(receipt["track_url"])
    text = public.get_data(as_text=True)
    assert public.status_code == 200 and PHONE not in text and "刘大爷" not in text and "3号楼" not in text
    assert public.get_json()["community"] == "幸福社区"
    wrong = client.get(receipt["track_url"], headers={"X-Tracking-Secret": "guess"})
    assert wrong.status_code == 403
    full = client.get(receipt["track_url"], headers={"X-Tracking-Secret": receipt["tracking_secret"]}).get_json()
    assert full["full"] and full["location"]["address"] == "新林镇幸福小区3号楼" and full["contact_on_file"]
    assert PHONE not in json.dumps(full)


def test_duplicate_of_an_open_case_at_the_same_place_is_flagged(client, runtime):
    first = client.post("/api/v1/cases", json=request_body()).get_json()
    again = client.post(
        "/api/v1/cases",
        json=request_body(
            content="幸福小区3号楼门前的垃圾三天都没人清运,气味很大!", location={"address": "幸福小区三号楼"}
        ),
    ).get_json()
    elsewhere = client.post("/api/v1/cases", json=request_body(location={"grid_code": "XL-CF-02-G01"})).get_json()
    assert again["duplicate_of_ticket"] == first["ticket"] and elsewhere["duplicate_of_ticket"] is None
    payloads = [e.payload for e in outbox_events(runtime)]
    assert payloads[1]["duplicate_of_case_id"] == first["case_id"] and payloads[2]["duplicate_of_ticket"] is None


def test_phone_number_reaches_no_log_line(client, runtime, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/api/v1/cases", json=request_body())
    client.post("/api/v1/cases", json=request_body(contact={"phone": PHONE, "name": "x" * 80}))  # invalid: logged?
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records] + [r.getMessage() for r in caplog.records]
    assert any("case received" in line for line in lines)
    assert not any(PHONE in line for line in lines)
    assert all(PHONE not in e.to_json() for e in outbox_events(runtime))
