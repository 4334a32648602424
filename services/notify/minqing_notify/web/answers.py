"""Notify's JSON answers as models (``minqing_kit.response_models``): the views answer through them and
the document's response schemas are theirs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.probe_answers import PROBE_ANSWERS
from minqing_kit.response_models import Instant, ResponseModel

from ..queries import STATUSES


class Recipient(ResponseModel):
    kind: Literal["resident", "handler", "supervisor", "unit"]
    ref: str = Field(description="person or unit id, or 'reporter'")
    key: str


class Delivery(ResponseModel):
    """One message to one recipient on one channel: its address masked, its body never shown."""

    id: str
    case_id: str | None
    ticket: str | None
    event_type: str
    source_event_id: str
    recipient: Recipient
    channel: str = Field(
        description="sms, email, wecom, dingtalk or inapp, or a channel the deployment registers (e.g. pager)"
    )
    template: str
    title: str | None
    segments: int | None = Field(description="SMS segments the text needs (UCS-2: 70, or 67 each when split)")
    status: Literal[STATUSES]  # type: ignore[valid-type]
    attempts: int
    address: str | None = Field(description="masked, e.g. 138****5678")
    created_at: Instant | None
    next_attempt_at: Instant | None
    sent_at: Instant | None
    error: str | None = Field(description="the provider's reason of the last failure")
    note: str | None = Field(description="why it waits (quiet hours, rate limit) or was skipped")


class DeliveryLog(ResponseModel):
    deliveries: list[Delivery]
    count: int


class InboxMessage(ResponseModel):
    id: int
    case_id: str | None
    ticket: str | None
    title: str
    body: str
    created_at: Instant | None
    read: bool
    read_at: Instant | None


class Inbox(ResponseModel):
    unread: int
    messages: list[InboxMessage]


class ReadState(ResponseModel):
    id: int
    read: bool
    read_at: Instant | None


class Contact(ResponseModel):
    """A case's resident contact as routing's grant allows: clear, or masked."""

    case_id: str
    on_file: bool = Field(description="false: anonymous, or no contact given")
    clear: bool = Field(description="false: masked (138****5678)")
    phone: str | None
    email: str | None
    name: str | None


ANSWERS = (*PROBE_ANSWERS, DeliveryLog, Inbox, ReadState, Contact)
