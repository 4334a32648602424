"""A notification channel is one class and its registration: a pager of this test's own, registered
next to notify's channels, is addressed, masked and delivered with no other change to notify."""

from __future__ import annotations

import pytest

from minqing_notify import sending
from minqing_notify.channels import Channel, Message, SendResult
from minqing_notify.domain.recipients import Addressing
from support.workers import wait_for

PAGER_RULE = """  rules:
    - {event: deadline.approaching.v1, audience: unit_handlers, channels: [pager], template: deadline_approaching}
"""


class Pager(Channel):
    """Pages a handler's phone number; the log shows only its last two digits."""

    name, kind = "pager", "sms"
    addressing = Addressing(contact_field="phone")
    mask = staticmethod(lambda number: "pager…" + number[-2:])

    def __init__(self):
        self.paged: list[Message] = []

    def send(self, message: Message) -> SendResult:
        self.paged.append(message)
        return SendResult.sent(f"page-{len(self.paged)}")


def test_a_registered_channel_is_addressed_masked_and_delivered(notify_factory, notification_events, monkeypatch):
    monkeypatch.setattr(sending, "REPORTED_DELIVERIES", {("deadline.approaching.v1", "handler")})  # its report's kind
    pager = Pager()
    notify = notify_factory(PAGER_RULE, extra_channels={"pager": pager})
    reminder = notify.envelope("deadline.approaching.v1", case_id="c-pg", ticket="NV-PG", unit_id="nv-c1")
    with notify.workers():
        notify.publish(reminder)
        wait_for(lambda: notify.settled(2, case_id="c-pg"), what="both handlers paged")
        wait_for(lambda: len(notification_events()) == 2, what="two sent events")
    assert sorted(m.address for m in pager.paged) == ["13900000001", "13900000002"]
    assert {(r.recipient_ref, r.channel, r.status, r.address_masked) for r in notify.deliveries()} == {
        ("nv-c1-h1", "pager", "sent", "pager…01"),
        ("nv-c1-h2", "pager", "sent", "pager…02"),
    }
    log = (
        notify.app()
        .get("/api/v1/deliveries?case_id=c-pg", headers=notify.token("nv-d-h1", "notifyville", "dispatcher"))
        .json
    )
    assert sorted(d["address"] for d in log["deliveries"]) == ["pager…01", "pager…02"]
    assert "13900000001" not in str(log)
    assert {(e["type"], e["payload"]["channel"]) for e in notification_events()} == {("notification.sent.v1", "sms")}
    assert notify.http.requests == []  # nothing went to the SMS gateway or the robots


def test_a_district_naming_a_channel_notify_lacks_stops_notify(notify_factory):
    with pytest.raises(ValueError, match="notifyville: pager"):
        notify_factory(PAGER_RULE)
