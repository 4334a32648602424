"""The envelope every event travels in."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

EVENT_TYPE_PATTERN = r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+\.v[1-9][0-9]*$"
DISTRICT_PATTERN = r"^[a-z][a-z0-9_]{1,31}$"


class Envelope(BaseModel):
    """One event on the wire: routing metadata plus a versioned payload.

    ``type`` is dotted and versioned (``case.received.v1``). ``district`` is the code of the
    district the event belongs to; it is part of the routing key so a deployment can bind
    consumers per district. Unknown fields are ignored so that producers can add optional ones.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: str = Field(description="unique id of this event (UUID)")
    type: str = Field(pattern=EVENT_TYPE_PATTERN, description="versioned event type")
    occurred_at: datetime = Field(description="when it happened, UTC")
    district: str = Field(pattern=DISTRICT_PATTERN, description="district code")
    case_id: str | None = Field(default=None, description="the case this event is about, if any")
    correlation_id: str = Field(description="id shared by every event of one flow")
    causation_id: str | None = Field(default=None, description="event_id of the event that caused this one")
    producer: str = Field(description="service that produced the event")
    payload: dict[str, Any] = Field(default_factory=dict)

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("occurred_at must carry a timezone (UTC)")
        return value.astimezone(UTC)

    @property
    def routing_key(self) -> str:
        return routing_key(self.district, self.type)

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> Envelope:
        return cls.model_validate_json(raw)


def routing_key(district: str, event_type: str) -> str:
    """``<district>.<event type>``, e.g. ``xinlin.case.received.v1``."""
    if not re.match(DISTRICT_PATTERN, district):
        raise ValueError(f"bad district code {district!r}")
    return f"{district}.{event_type}"


def new_envelope(
    payload: BaseModel,
    *,
    district: str,
    producer: str,
    case_id: str | None = None,
    correlation_id: str | None = None,
    causation: Envelope | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    """Wrap a payload. With ``causation`` the new event continues that event's flow."""
    event_type = type(payload).EVENT_TYPE  # type: ignore[attr-defined]
    event_id = str(uuid.uuid4())
    if causation is not None:
        correlation_id = correlation_id or causation.correlation_id
    return Envelope(
        event_id=event_id,
        type=event_type,
        occurred_at=occurred_at or datetime.now(UTC),
        district=district,
        case_id=case_id if case_id is not None else (causation.case_id if causation else None),
        correlation_id=correlation_id or event_id,
        causation_id=causation.event_id if causation else None,
        producer=producer,
        payload=payload.model_dump(mode="json"),
    )
