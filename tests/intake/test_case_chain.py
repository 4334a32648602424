"""Every event of a case carries the case's correlation id (issue 19 item 8): the one its case.received.v1
carried, kept with the case, continued by its later events (case.reclassified.v1, case.proxy_withdrawn.v1)
whatever request makes them; that request's answer and log lines join the chain. On PostgreSQL."""

from __future__ import annotations

from .helpers import request_body
from .test_submit_api import CONSENT, outbox_events


def events_of(runtime, case_id: str) -> dict[str, str]:
    """Each of the case's events in the outbox: type -> correlation id."""
    return {e.type: e.correlation_id for e in outbox_events(runtime) if e.case_id == case_id}


def test_a_reclassification_continues_the_chain_of_the_request_that_filed_the_case(client, runtime, token):
    filed = client.post("/api/v1/cases", json=request_body(), headers={"X-Correlation-ID": "resident-flow-1"})
    receipt = filed.get_json()
    answer = client.put(
        f"/api/v1/cases/{receipt['ticket']}/category",
        json={"category": "property"},
        headers={**token(), "X-Correlation-ID": "operator-request-2"},
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.headers["X-Correlation-ID"] == "resident-flow-1"  # the request joined the case's chain
    assert events_of(runtime, receipt["case_id"]) == {
        "case.received.v1": "resident-flow-1",
        "case.reclassified.v1": "resident-flow-1",
    }


def test_a_case_filed_without_a_flow_has_its_first_event_id_as_its_chain(client, runtime, token):
    receipt = client.post("/api/v1/cases", json=request_body(channel="api")).get_json()
    [received] = [e for e in outbox_events(runtime) if e.case_id == receipt["case_id"]]
    assert received.correlation_id  # the request's own id (none was sent): the chain starts here
    client.put(f"/api/v1/cases/{receipt['ticket']}/category", json={"category": "property"}, headers=token())
    assert events_of(runtime, receipt["case_id"])["case.reclassified.v1"] == received.correlation_id


def test_the_residents_withdrawal_from_the_proxy_continues_the_chain(client, runtime, token):
    staff = {**token("xl-xf-h1", ("community_handler",), unit="xl-xf", name="李娜"), "X-Correlation-ID": "desk-flow-3"}
    body = request_body(channel="proxy", filed_for="刘大爷", proxy_consent=CONSENT)
    receipt = client.post("/api/v1/cases", json=body, headers=staff).get_json()
    withdrawn = client.post(
        f"/api/v1/cases/{receipt['ticket']}/proxy/withdraw",
        headers={"X-Tracking-Secret": receipt["tracking_secret"], "X-Correlation-ID": "resident-phone-4"},
    )
    assert withdrawn.status_code == 200 and withdrawn.headers["X-Correlation-ID"] == "desk-flow-3"
    assert events_of(runtime, receipt["case_id"]) == {
        "case.received.v1": "desk-flow-3",
        "case.proxy_withdrawn.v1": "desk-flow-3",
    }
