"""`make up`'s stack: four services with web, consumer and relay each; ready; a case flows; a clean stop."""
from __future__ import annotations

import pytest

from support.workers import wait_for

from .stack import SERVICES, running_stack


@pytest.fixture(scope="module")
def stack(amqp_url, postgres, tmp_path_factory):
    with running_stack(amqp_url, postgres, tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.mark.slow
def test_every_service_is_ready_with_its_processes(stack):
    for service in SERVICES:
        response = stack.get(service, "/readyz")
        assert response.status_code == 200, (service, response.text)
        assert response.json()["checks"]["database"]["ok"] and response.json()["checks"]["broker"]["ok"]
        assert stack.get(service, "/healthz").json()["status"] == "alive"
        assert "minqing_outbox_backlog" in stack.get(service, "/metrics").text
        for kind in ("consumer", "relay"):
            assert f"{service}-{kind}: started" in stack.log(f"{service}-{kind}"), f"{service}-{kind} did not start"


@pytest.mark.slow
def test_a_submitted_case_is_dispatched_by_routing(stack):
    receipt = stack.post("intake", "/api/v1/cases", json={
        "district": "xinlin", "channel": "web", "content": "幸福小区3号楼门前的垃圾已经三天没人清运了,气味很大。",
        "location": {"address": "新林镇幸福小区3号楼"}})
    assert receipt.status_code == 201, receipt.text
    ticket = receipt.json()["ticket"]
    tracked = wait_for(lambda: (lambda r: r if r.get("status") not in (None, "received") else None)(
        stack.get("intake", f"/api/v1/cases/{ticket}").json()), timeout=60, what="routing's dispatch seen at intake")
    assert tracked["status"] == "dispatched"
    assert tracked["unit"], tracked


@pytest.mark.slow
def test_sigterm_stops_every_process_cleanly(stack):
    assert stack.stop() == 0, "".join(stack.output)
    assert "stopped." in stack.output[-1]
    for service in SERVICES:
        for kind in ("consumer", "relay"):
            assert f"{service}-{kind}: stopped" in stack.log(f"{service}-{kind}")
