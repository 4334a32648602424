"""Delivery channels: SMS gateway, SMTP, WeCom and DingTalk group robots, the in-app inbox.

Every channel turns one Message into a SendResult and never raises for a delivery problem: a
transient failure (timeouts, 5xx, rate limits) is retried, a permanent one is recorded with the
provider's reason. Reasons never carry the address.

A channel class also says everything the rest of notify needs to know about it: its ``kind`` in
``notification.*`` events, its ``addressing`` (which address of a recipient it uses), how an address
shows in the delivery log (``mask``), whether residents' quiet hours and the hourly limit apply
(``paced``), whether it is written in the consumer's transaction instead of sent (``local``),
how many segments a body costs, and any signing secret a district gives a recipient's
address (``address_secret``). Adding a channel is one module and one entry in
``bootstrap.build_channels``; nothing else names it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from sqlalchemy.orm import Session

from minqing_contracts.events.notify import NotifyChannel
from minqing_contracts.org import NotificationPolicy
from minqing_kit.logs import redact

from ..domain.recipients import Addressing


@dataclass(frozen=True)
class Message:
    delivery_id: str
    district: str
    channel: str
    address: str  # phone, e-mail, webhook URL, or the person id for the inbox
    title: str
    body: str
    recipient_ref: str
    case_id: str | None = None
    ticket: str | None = None
    secret: str | None = None  # DingTalk robot signing secret (加签)


@dataclass(frozen=True)
class SendResult:
    ok: bool
    permanent: bool = False
    reason: str | None = None
    provider_ref: str | None = None

    @classmethod
    def sent(cls, provider_ref: str | None = None) -> SendResult:
        return cls(True, provider_ref=provider_ref)

    @classmethod
    def retry(cls, reason: str) -> SendResult:
        return cls(False, permanent=False, reason=redact(reason)[:500])

    @classmethod
    def give_up(cls, reason: str) -> SendResult:
        return cls(False, permanent=True, reason=redact(reason)[:500])


class Channel(ABC):
    name: str  # as district rules and the delivery log name it
    kind: NotifyChannel  # as notification.sent / notification.failed name it
    addressing: Addressing
    paced: bool = False  # residents' quiet hours and the per-recipient hourly limit apply (SMS)
    local: bool = False  # delivered by writing notify's own database: ``write`` in the consumer's transaction

    @staticmethod
    def mask(address: str) -> str:
        """The address as the delivery log and spool show it: enough to recognise, never to use."""
        return address

    @staticmethod
    def segments(body: str) -> int:
        """How many messages the provider counts for this body."""
        return 1

    def address_secret(self, policy: NotificationPolicy | None, recipient_ref: str) -> str | None:
        """A signing secret the district gives this recipient's address, if the channel uses one."""
        return None

    @abstractmethod
    def send(self, message: Message) -> SendResult: ...

    def write(self, session: Session, messages: list[Message]) -> None:
        """A ``local`` channel's delivery, in the caller's transaction; other channels never write."""
        raise NotImplementedError(f"{self.name} is sent by the delivery worker, not written")

    def close(self) -> None:  # noqa: B027  (optional: a channel without connections keeps this no-op)
        """Release connections; called when the worker stops."""
