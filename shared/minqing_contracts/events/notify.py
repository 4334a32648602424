"""Events notify produces: a notification went out, or could not."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Payload

NotifyChannel = Literal["sms", "email", "webhook", "inapp"]


class NotificationSent(Payload):
    """A message was delivered to a channel. Never carries a phone number or an address."""

    EVENT_TYPE = "notification.sent.v1"
    PRODUCER = "notify"

    notification_id: str
    source_event_id: str
    source_event_type: str
    recipient_kind: Literal["resident", "handler", "supervisor", "unit", "group"]
    recipient_ref: str = Field(description="a person or unit id, or 'reporter'; never contact data")
    channel: NotifyChannel
    template: str
    segments: int = 1

    EXAMPLE = {
        "notification_id": "n-1",
        "source_event_id": "e-1",
        "source_event_type": "case.received.v1",
        "recipient_kind": "resident",
        "recipient_ref": "reporter",
        "channel": "sms",
        "template": "case_received",
        "segments": 1,
    }


class NotificationFailed(Payload):
    """Delivery failed permanently, with the provider's reason."""

    EVENT_TYPE = "notification.failed.v1"
    PRODUCER = "notify"

    notification_id: str
    source_event_id: str
    source_event_type: str
    recipient_kind: Literal["resident", "handler", "supervisor", "unit", "group"]
    recipient_ref: str
    channel: NotifyChannel
    template: str
    attempts: int
    reason: str

    EXAMPLE = {
        "notification_id": "n-1",
        "source_event_id": "e-1",
        "source_event_type": "case.received.v1",
        "recipient_kind": "resident",
        "recipient_ref": "reporter",
        "channel": "sms",
        "template": "case_received",
        "attempts": 5,
        "reason": "gateway 500: upstream unavailable",
    }
