"""Small services made of the real kit pieces, for testing the bus itself on the real broker and
PostgreSQL: a producer with an outbox, and consumers whose effect is one row per handled event."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import kombu
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, insert, select

from minqing_contracts import new_envelope, topology
from minqing_contracts.events.intake import CaseReceived
from minqing_contracts.events.routing import CaseDispatched
from minqing_kit.bus_tables import BusTables
from minqing_kit.consumer import EventConsumer, EventHandling, RetryPolicy
from minqing_kit.db import Database
from minqing_kit.faults import NotReadyYet
from minqing_kit.outbox import Outbox
from minqing_kit.publisher import ConfirmingPublisher
from minqing_kit.relay import OutboxRelay

EVENT, NEXT_EVENT = CaseReceived, CaseDispatched  # the payload classes the test services exchange


def payload(model=EVENT, **changes):
    return model.model_validate({**model.EXAMPLE, **changes})


@dataclass
class TestService:
    name: str
    db: Database
    tables: BusTables
    effects: Table
    outbox: Outbox
    fail_tickets: set = field(default_factory=set)
    forward: bool = False
    needs_first: bool = False  # NEXT_EVENT for a ticket is not ready until EVENT for it was handled
    work_seconds: float = 0.0  # time each handler takes, so that a test can act while a backlog drains

    def handle(self, session, envelope, event):
        if getattr(event, "ticket", None) in self.fail_tickets:
            raise RuntimeError(f"cannot handle {event.ticket}")
        if (
            self.needs_first
            and isinstance(event, NEXT_EVENT)
            and not session.execute(
                select(self.effects.c.id).where(
                    self.effects.c.ticket == event.ticket, self.effects.c.event_type == EVENT.EVENT_TYPE
                )
            ).first()
        ):
            raise NotReadyYet(f"{event.ticket} not received yet")
        time.sleep(self.work_seconds)
        session.execute(
            insert(self.effects).values(
                event_id=envelope.event_id,
                event_type=envelope.type,
                ticket=getattr(event, "ticket", None),
                correlation_id=envelope.correlation_id,
                handled_at=datetime.now(UTC),
            )
        )
        if self.forward and isinstance(event, EVENT):
            self.outbox.add(
                session,
                new_envelope(
                    payload(NEXT_EVENT, ticket=event.ticket),
                    district=envelope.district,
                    producer=self.name,
                    causation=envelope,
                ),
            )

    def effect_count(self, event_id: str | None = None) -> int:
        query = select(func.count()).select_from(self.effects)
        if event_id:
            query = query.where(self.effects.c.event_id == event_id)
        with self.db.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def emit(self, *payloads, district: str = "testville") -> list[str]:
        envelopes = [new_envelope(p, district=district, producer=self.name, case_id="c-1") for p in payloads]
        with self.db.transaction() as session:
            self.outbox.add(session, *envelopes)
        return [e.event_id for e in envelopes]

    def relay(self, amqp_url: str, batch_size: int = 200) -> OutboxRelay:
        return OutboxRelay(
            self.db,
            self.tables.outbox,
            ConfirmingPublisher(amqp_url, confirm_timeout=5),
            batch_size=batch_size,
            idle_seconds=0.02,
        )

    def consumer(
        self,
        amqp_url: str,
        events=(EVENT,),
        max_deliveries: int = 3,
        prefetch: int = 50,
        retry: RetryPolicy = RetryPolicy(),
        **group,
    ) -> EventConsumer:
        """``group``: EventConsumer's ``districts``, ``group`` and ``known_districts`` (a consumer group)."""
        handling = EventHandling(self.name, self.db, self.tables, dict.fromkeys(events, self.handle))
        connection = kombu.Connection(amqp_url, heartbeat=15)
        return EventConsumer(
            connection, handling, prefetch=prefetch, max_deliveries=max_deliveries, retry=retry, **group
        )


def make_service(name: str, url: str, **options) -> TestService:
    metadata = MetaData()
    tables = BusTables(metadata)
    effects = Table(
        "effects",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(80)),
        Column("correlation_id", String(36)),
        Column("handled_at", DateTime(timezone=True)),
        Column("ticket", String(40)),
    )
    db = Database(url)
    metadata.create_all(db.engine)
    return TestService(name, db, tables, effects, Outbox(tables.outbox), **options)


def delete_queues(
    amqp_url: str, *services: str, retry_delays=topology.RETRY_DELAYS_SECONDS, group: str = topology.DEFAULT_GROUP
) -> None:
    with kombu.Connection(amqp_url) as connection:
        for service in services:
            retry_queues = [topology.retry_queue(service, seconds, group) for seconds in retry_delays]
            for queue in (topology.work_queue(service, group), f"{service}.parked", *retry_queues):
                channel = connection.channel()
                try:
                    channel.queue_delete(queue)
                except Exception:
                    pass
