"""Times as intake shows them: ISO 8601 in UTC, also for SQLite, which hands timestamps back without a zone."""
from __future__ import annotations

from datetime import datetime, timezone


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # stored as UTC; SQLite drops the zone
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()
