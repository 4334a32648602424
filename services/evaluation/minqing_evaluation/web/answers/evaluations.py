"""The answers of ``evaluations_api``: a follow-up answered, the district's follow-ups, a proxy's open
ones."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_contracts.events.intake import ProxyConsent
from minqing_kit.response_models import Instant, ResponseModel


class Answered(ResponseModel):
    """A follow-up answered: the case is closed, or reopened (重办) for a not-solved or dissatisfied answer."""

    evaluation_id: str
    ticket: str
    status: str
    next: Literal["close", "reopen"]
    reopen_count: int


class FollowUp(ResponseModel):
    evaluation_id: str
    case_id: str
    ticket: str
    unit_id: str
    status: str
    expires_at: Instant
    solved: bool | None
    satisfaction: str | None
    via: str | None
    delivery: str | None = Field(description="sent | failed: whether the rating link reached the resident")
    delivery_note: str | None


class FollowUps(ResponseModel):
    items: list[FollowUp]


class ProxyFollowUp(ResponseModel):
    """An open follow-up of a case the signed-in person acts for (代理), with the resident's consent."""

    evaluation_id: str
    ticket: str
    unit_id: str
    expires_at: Instant
    consent: ProxyConsent


class ProxyFollowUps(ResponseModel):
    items: list[ProxyFollowUp]


ANSWERS = (Answered, FollowUps, ProxyFollowUps)
