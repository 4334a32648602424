"""Times as intake shows them: ISO 8601 in UTC, also for SQLite, which hands timestamps back without a zone."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # stored as UTC; SQLite drops the zone
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()
