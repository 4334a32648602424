"""Events notify produces: a notification went out, or could not."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Payload

NotifyChannel = Literal["sms", "email", "webhook", "inapp"]
RecipientKind = Literal["resident", "handler", "supervisor", "unit", "group"]

# The deliveries notify reports (notification.sent.v1 / notification.failed.v1), as (source event type,
# recipient kind): the rating link's to the resident, whose arrival evaluation keeps (回访 by phone when it
# reached nobody). Any other delivery is kept in notify's own delivery log only, so that no event goes
# out that every subscriber would discard; a consumer that needs another kind adds it here.
REPORTED_DELIVERIES: frozenset[tuple[str, RecipientKind]] = frozenset({("evaluation.requested.v1", "resident")})


class NotificationSent(Payload):
    """A reported delivery (``REPORTED_DELIVERIES``: the rating link's) reached its channel. Never
    carries a phone number or an address."""

    EVENT_TYPE = "notification.sent.v1"
    PRODUCER = "notify"

    notification_id: str
    source_event_id: str
    source_event_type: str
    recipient_kind: RecipientKind
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
    """A reported delivery (``REPORTED_DELIVERIES``) failed permanently, with the provider's reason."""

    EVENT_TYPE = "notification.failed.v1"
    PRODUCER = "notify"

    notification_id: str
    source_event_id: str
    source_event_type: str
    recipient_kind: RecipientKind
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
