"""Write events in the same transaction as the state change they describe."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from minqing_contracts import Envelope


class Outbox:
    """``outbox.add(session, envelope)`` inside the unit of work; the relay publishes after commit."""

    def __init__(self, table: Table):
        self.table = table

    def add(self, session: Session, *envelopes: Envelope) -> None:
        now = datetime.now(UTC)
        session.execute(
            insert(self.table),
            [
                {
                    "event_id": e.event_id,
                    "event_type": e.type,
                    "routing_key": e.routing_key,
                    "body": e.to_json(),
                    "created_at": now,
                    "next_attempt_at": now,
                    "attempts": 0,
                }
                for e in envelopes
            ],
        )
