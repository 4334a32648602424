"""Delivery channels: SMS gateway, SMTP, WeCom and DingTalk group robots, the in-app inbox.

Every channel turns one Message into a SendResult and never raises for a delivery problem: a
transient failure (timeouts, 5xx, rate limits) is retried, a permanent one is recorded with the
provider's reason. Reasons never carry the address.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from minqing_kit.logs import redact


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
    def sent(cls, provider_ref: str | None = None) -> "SendResult":
        return cls(True, provider_ref=provider_ref)

    @classmethod
    def retry(cls, reason: str) -> "SendResult":
        return cls(False, permanent=False, reason=redact(reason)[:500])

    @classmethod
    def give_up(cls, reason: str) -> "SendResult":
        return cls(False, permanent=True, reason=redact(reason)[:500])


class Channel(ABC):
    name: str

    @abstractmethod
    def send(self, message: Message) -> SendResult: ...

    def close(self) -> None:
        """Release connections; called when the worker stops."""
