"""The per-recipient hourly SMS limit, exact across delivery-worker replicas.

Before sending, a worker reserves one of the phone's hourly slots in a short transaction: it
serialises with every other worker on the phone's keyed hash (``rate_key``) — an advisory lock on
PostgreSQL; on SQLite the kit's ``BEGIN IMMEDIATE`` already serialises all writers — then counts
the SMS sent to that phone in the last hour plus the slots other workers hold now, and if there is
room marks its own row with the hash and ``sent_at`` — the moment the SMS counts from, which the
worker keeps when the gateway accepts it. A slot is held by a ``sending`` row that carries the hash
and whose lease has not run out: sent, it stays counted; a failed or held delivery clears both; a
crashed worker's slot stops counting when its lease expires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, text, update

from minqing_kit.db import Database

from .adapters.tables import deliveries
from .addressing import aware
from .domain import schedule

HOUR = timedelta(hours=1)


class SmsSlots:
    def __init__(self, db: Database):
        self.db = db

    def reserve(self, delivery_id: str, rate_key: str, per_hour: int, now: datetime) -> datetime | None:
        """Take a slot for this ``sending`` delivery: None when taken, else when the next one frees up."""
        with self.db.transaction() as session:
            if self.db.dialect == "postgresql":
                # Held until commit. Under READ COMMITTED the count below, a later statement, sees
                # every slot the previous holder of this lock committed.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(rate_key)})
            taken = (
                session.execute(
                    select(deliveries.c.sent_at).where(
                        deliveries.c.rate_key == rate_key,
                        deliveries.c.sent_at > now - HOUR,
                        deliveries.c.id != delivery_id,
                        or_(
                            deliveries.c.status == "sent",
                            and_(deliveries.c.status == "sending", deliveries.c.lease_until > now),
                        ),
                    )
                )
                .scalars()
                .all()
            )
            until = schedule.rate_limited_until([aware(t, now) for t in taken], now, per_hour)
            if until is None:
                session.execute(
                    update(deliveries).where(deliveries.c.id == delivery_id).values(rate_key=rate_key, sent_at=now)
                )
        return until


def lock_key(rate_key: str) -> int:
    """The advisory lock's signed 64-bit key: the first 16 hex digits of the keyed hash."""
    return int.from_bytes(bytes.fromhex(rate_key[:16]), "big", signed=True)
