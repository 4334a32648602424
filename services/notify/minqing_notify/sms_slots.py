"""The per-recipient hourly SMS limit, exact across delivery-worker replicas.

Before sending, a worker reserves one of the phone's hourly slots in a short transaction (one for
all the SMS of its batch, ``reserve_many``, in the batch's order): it serialises with every other
worker on the phone's keyed hash (``rate_key``) — advisory locks on PostgreSQL; on SQLite the
kit's ``BEGIN IMMEDIATE`` already serialises all writers — then counts the SMS sent to that phone
in the last hour plus the slots other workers hold now, and if there is room marks its own row with
the hash and ``sent_at`` — the moment the SMS counts from, which the worker keeps when the gateway
accepts it. A slot is held by a ``sending`` row that carries the hash and whose lease has not run
out: sent, it stays counted; a failed or held delivery clears both (when its batch is recorded); a
crashed worker's slot stops counting when its lease expires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, or_, select, text, update

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
        return self.reserve_many([(delivery_id, rate_key, per_hour)], now)[delivery_id]

    def reserve_many(self, requests: list[tuple[str, str, int]], now: datetime) -> dict[str, datetime | None]:
        """Slots for a batch's ``sending`` deliveries ``(id, rate_key, per_hour)``, in order, in one
        transaction: each id maps to None when it took one, else to when the next one frees up."""
        if not requests:
            return {}
        keys = sorted({key for _id, key, _limit in requests})
        ids = [delivery_id for delivery_id, _key, _limit in requests]
        granted: dict[str, datetime | None] = {}
        with self.db.transaction() as session:
            if self.db.dialect == "postgresql":
                # Held until commit, taken in key order (two workers never wait on each other in a
                # cycle). Under READ COMMITTED the count below, a later statement, sees every slot
                # the previous holder of these locks committed.
                session.execute(
                    text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
                    {"keys": [lock_key(key) for key in keys]},
                )
            rows = session.execute(
                select(deliveries.c.rate_key, deliveries.c.sent_at).where(
                    deliveries.c.rate_key.in_(keys),
                    deliveries.c.sent_at > now - HOUR,
                    deliveries.c.id.not_in(ids),
                    or_(
                        deliveries.c.status == "sent",
                        and_(deliveries.c.status == "sending", deliveries.c.lease_until > now),
                    ),
                )
            ).all()
            taken: dict[str, list[datetime]] = {key: [] for key in keys}
            for key, sent_at in rows:
                taken[key].append(aware(sent_at, now))
            for delivery_id, key, per_hour in requests:
                granted[delivery_id] = schedule.rate_limited_until(taken[key], now, per_hour)
                if granted[delivery_id] is None:
                    taken[key].append(now)
            mine = [{"v_id": i, "v_key": key} for i, key, _limit in requests if granted[i] is None]
            if mine:
                session.execute(
                    update(deliveries)
                    .where(deliveries.c.id == bindparam("v_id"))
                    .values(rate_key=bindparam("v_key"), sent_at=now),
                    mine,
                    execution_options={"synchronize_session": False},
                )
        return granted


def lock_key(rate_key: str) -> int:
    """The advisory lock's signed 64-bit key: the first 16 hex digits of the keyed hash."""
    return int.from_bytes(bytes.fromhex(rate_key[:16]), "big", signed=True)
