"""What the public reads of a case (公示): never the resident's text, and replies and notes redacted,
on the public view, the tracking page and Open311 alike. Events are fed through the consumer's core."""

from __future__ import annotations

from minqing_intake.adapters.tables import bus
from minqing_intake.definition import DEFINITION
from minqing_intake.subscriptions import subscriptions
from minqing_kit.handling import EventHandling

from .helpers import PHONE, request_body
from .test_tracking_bus import routing_event

NOTE = "已联系物业王经理,电话 0457-3621 888,明日清运"
REPLY = "已清运。如仍有问题请联系社区 13700001111 或 sq_xingfu@163.com。"
PRIVATE = ("0457-3621 888", "13700001111", "sq_xingfu@163.com", PHONE, "刘大爷", "3号楼", "气味很大")


def feed(runtime, *envelopes) -> None:
    handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
    for envelope in envelopes:
        handling.handle(envelope, handling.decode(envelope.to_json())[1])


def test_replies_and_notes_are_redacted_and_the_request_text_is_never_public(client, runtime):
    receipt = client.post("/api/v1/cases", json=request_body()).get_json()
    case_id, ticket = receipt["case_id"], receipt["ticket"]
    feed(
        runtime,
        routing_event("case.progress_recorded.v1", case_id, 1, ticket=ticket, note=NOTE),
        routing_event("case.resolved.v1", case_id, 2, ticket=ticket, reply=REPLY),
    )
    view = client.get(f"/api/v1/cases/{ticket}").get_json()
    assert view["reply"] == "已清运。如仍有问题请联系社区 [电话] 或 [邮箱]。"
    assert view["steps"][0]["note"] == "已联系物业王经理,电话 [电话],明日清运"
    answers = [
        client.get(f"/api/v1/cases/{ticket}"),
        client.get(f"/track/{ticket}"),
        client.get(f"/open311/v2/requests/{ticket}.json?jurisdiction_id=xinlin"),
        client.get("/open311/v2/requests.xml?jurisdiction_id=xinlin"),
    ]
    for answer in answers:
        assert answer.status_code == 200
        text = answer.get_data(as_text=True)
        assert not [p for p in PRIVATE if p in text], text
    [request] = answers[2].get_json()
    assert request["status_notes"] == view["reply"] and request["description"] == view["category_name"]
    full = client.get(f"/api/v1/cases/{ticket}", headers={"X-Tracking-Secret": receipt["tracking_secret"]})
    assert "气味很大" in full.get_json()["content"]  # the reporter, with the secret, reads what was filed
