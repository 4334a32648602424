"""`make up`'s stack: four services with web, consumer and relay each; ready; a case flows; every way in
(each channel and Open311) submits, tracks and reaches the broker as a valid case.received.v1. The stack
is the e2e package's (conftest.py); test_stack_hardening tries faults on it, then stops it cleanly."""

from __future__ import annotations

import json

import jsonschema
import pika
import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from minqing_contracts import topology
from minqing_contracts.export import ENVELOPE_SCHEMA, EVENT_SCHEMAS
from minqing_intake.domain.channels import RESIDENT_CHANNELS, STAFF_CHANNELS
from minqing_intake.open311.clients import add_client
from minqing_kit.db import Database
from support.workers import wait_for

from .stack import SERVICES
from .test_routing_flows import submit


@pytest.mark.slow
def test_every_service_is_ready_with_its_processes(stack):
    for service in SERVICES:
        response = stack.get(service, "/readyz")
        assert response.status_code == 200, (service, response.text)
        assert response.json()["checks"]["database"]["ok"] and response.json()["checks"]["broker"]["ok"]
        assert stack.get(service, "/healthz").json()["status"] == "alive"
        assert "minqing_outbox_backlog" in stack.get(service, "/metrics").text
        assert str(stack.run_dir) in " ".join(response.json()["warnings"]) or service != "notify", response.json()[
            "warnings"
        ]  # notify spools into the stack's run directory, not the checkout
        for kind in ("consumer", "relay"):
            assert f"{service}-{kind}: started" in stack.log(f"{service}-{kind}"), f"{service}-{kind} did not start"


@pytest.mark.slow
def test_a_submitted_case_is_dispatched_by_routing(stack):
    receipt = stack.post(
        "intake",
        "/api/v1/cases",
        json={
            "district": "xinlin",
            "channel": "web",
            "content": "幸福小区3号楼门前的垃圾已经三天没人清运了,气味很大。",
            "location": {"address": "新林镇幸福小区3号楼"},
        },
    )
    assert receipt.status_code == 201, receipt.text
    ticket = receipt.json()["ticket"]
    tracked = wait_for(
        lambda: (lambda r: r if r.get("status") not in (None, "received") else None)(
            stack.get("intake", f"/api/v1/cases/{ticket}").json()
        ),
        timeout=60,
        what="routing's dispatch seen at intake",
    )
    assert tracked["status"] == "dispatched"
    assert tracked["unit"], tracked


def scrape_addresses(stack) -> dict[str, str]:
    """Each process's /metrics address, where Prometheus would find it: the stack's run/prometheus-targets.json
    (file_sd)."""
    targets = json.loads((stack.run_dir / "prometheus-targets.json").read_text(encoding="utf-8"))
    return {t["labels"]["process"]: t["targets"][0] for t in targets}


def scraped(stack, process: str, sample: str, **labels: str) -> float:
    """One sample's value (summed over the labels not given; 0 when absent) from ``process``'s /metrics."""
    text = requests.get(f"http://{scrape_addresses(stack)[process]}/metrics", timeout=10).text
    values = [
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == sample and labels.items() <= s.labels.items()
    ]
    return sum(values)


@pytest.mark.slow
def test_every_worker_serves_its_own_metrics_and_they_count_a_case(stack):
    processes = scrape_addresses(stack)
    workers = {f"{s}-{k}" for s in SERVICES for k in ("consumer", "relay")} | {"routing-scheduler"}
    assert workers | {f"{s}-web" for s in SERVICES} <= processes.keys(), processes
    assert len(set(processes.values())) == len(processes)  # a port of its own each
    for process in workers:
        assert "minqing_" in requests.get(f"http://{processes[process]}/metrics", timeout=10).text, process
    published = scraped(stack, "intake-relay", "minqing_events_published_total", service="intake")
    settled = scraped(stack, "routing-consumer", "minqing_events_settled_total", service="routing", outcome="handled")
    submit(stack, "幸福小区5号楼楼道的灯不亮了,晚上上下楼看不清。", "新林镇幸福小区5号楼")
    wait_for(
        lambda: (
            scraped(stack, "intake-relay", "minqing_events_published_total", service="intake") > published
            and scraped(stack, "routing-consumer", "minqing_events_settled_total", service="routing", outcome="handled")
            > settled
        ),
        timeout=60,
        what="intake's relay counting the case.received.v1 it published and routing's consumer the one it handled",
    )


# Who takes each staff channel in Xinlin's configuration: the hotline operator, a grid worker, a community handler.
TAKER = {
    "hotline": "xl-op-1",
    "grid_visit": "xl-xf-g2",
    **{c: "xl-xf-h1" for c in ("messenger", "wechat_group", "talk_room", "teahouse", "proxy")},
}
PLACES = ["新林镇幸福小区1号楼", "新林镇幸福小区2号楼", "新林镇幸福小区4号楼", "新林镇林海小区A座"]


def received_events(amqp_url: str, queue: str, tickets: set[str]) -> dict[str, dict]:
    """The case.received.v1 envelopes of these tickets, read with pika from a queue bound beforehand."""
    found: dict[str, dict] = {}
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()

        def drain():
            while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
                envelope = json.loads(message[2])
                found.setdefault(envelope["payload"]["ticket"], envelope)
            return tickets <= found.keys()

        wait_for(drain, timeout=60, interval=0.3, what="every ticket's case.received.v1 on the broker")
        channel.queue_delete(queue)
    finally:
        connection.close()
    return {ticket: found[ticket] for ticket in tickets}


@pytest.mark.slow
def test_every_channel_and_open311_submit_track_and_reach_the_broker_as_valid_events(stack, postgres):
    amqp_url = stack.amqp_url
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    listener = connection.channel()
    queue = listener.queue_declare("minqing-e2e-received").method.queue  # deleted once read
    listener.queue_bind(queue, topology.EXCHANGE, "xinlin.case.received.v1")
    tickets: dict[str, str] = {}
    try:
        for i, channel in enumerate(RESIDENT_CHANNELS + STAFF_CHANNELS):
            body = {
                "district": "xinlin",
                "channel": channel,
                "location": {"address": PLACES[i % len(PLACES)]},
                "content": f"经{channel}反映:小区{i + 1}号路灯坏了一周,晚上出行不便,请尽快修理。",
            }
            if channel == "proxy":
                body["filed_for"] = "3号楼独居老人刘大爷"
                body["proxy_consent"] = {"how": "signed_form", "given_at": "2026-11-22T09:00:00+08:00"}
            headers = stack.staff_headers(TAKER[channel]) if channel in STAFF_CHANNELS else {}
            receipt = stack.post("intake", "/api/v1/cases", json=body, headers=headers)
            assert receipt.status_code == 201, (channel, receipt.text)
            tickets[channel] = receipt.json()["ticket"]

        intake_db = Database(
            make_url(postgres.admin_url).set(database=f"{stack.prefix}_intake").render_as_string(hide_password=False)
        )
        _, api_key = add_client(intake_db, "e2e city app")
        intake_db.dispose()
        open311 = requests.post(
            stack.url("intake", "/open311/v2/requests.json"),
            timeout=10,
            data={
                "api_key": api_key,
                "jurisdiction_id": "xinlin",
                "service_code": "municipal",
                "address_string": "新林镇林海小区A座",
                "description": "林海小区A座门前井盖丢失,晚上很危险。",
            },
        )
        assert open311.status_code == 200, open311.text
        tickets["open311"] = open311.json()[0]["service_request_id"]
    finally:
        connection.close()
    assert len(set(tickets.values())) == len(tickets) == 11

    for channel, ticket in tickets.items():  # tracked publicly until routing's dispatch shows
        tracked = wait_for(
            lambda ticket=ticket: (lambda r: r if r.get("status") == "dispatched" else None)(
                stack.get("intake", f"/api/v1/cases/{ticket}").json()
            ),
            timeout=60,
            interval=0.3,
            what=f"{channel} case {ticket} dispatched at intake",
        )
        assert tracked["unit"], (channel, tracked)
    [request] = requests.get(
        stack.url("intake", f"/open311/v2/requests/{tickets['open311']}.json"),
        params={"jurisdiction_id": "xinlin"},
        timeout=10,
    ).json()
    assert request["status"] == "open" and request["agency_responsible"], request

    envelope_schema = json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8"))
    payload_schema = json.loads((EVENT_SCHEMAS / "case.received.v1.json").read_text(encoding="utf-8"))
    events = received_events(amqp_url, queue, set(tickets.values()))
    for channel, ticket in tickets.items():
        envelope = events[ticket]
        jsonschema.validate(envelope, envelope_schema)
        jsonschema.validate(envelope["payload"], payload_schema)
        assert envelope["payload"]["channel"] == channel
        first = envelope["payload"]["first_contact"]
        expected = (
            ("person", TAKER[channel])
            if channel in TAKER
            else ("system", first["id"])
            if channel == "open311"
            else ("resident", None)
        )
        assert (first["kind"], first.get("id")) == expected
