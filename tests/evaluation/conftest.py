"""Evaluation test helpers: a runtime on a fresh PostgreSQL database with a settable clock, events
built from the contract samples, and the handlers fed in-process or through the real broker."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from minqing_contracts import PAYLOADS, Envelope
from minqing_evaluation.adapters.tables import METRICS, bus, evaluations, unit_day_counts, unit_month_counts
from minqing_evaluation.bootstrap import bootstrap
from minqing_evaluation.definition import DEFINITION
from minqing_evaluation.subscriptions import subscriptions
from minqing_evaluation.web import create_app
from minqing_kit.consumer import EventHandling
from minqing_kit.publisher import ConfirmingPublisher, Outgoing
from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_kit.tokens import Principal, TokenSigner, generate_keypair
from minqing_notify.adapters.tables import inbox_messages
from minqing_notify.bootstrap import bootstrap as notify_bootstrap
from minqing_notify.definition import DEFINITION as NOTIFY
from minqing_notify.delivery import DeliveryWorker

DISTRICTS = Path(__file__).parent / "districts"
T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Asia/Shanghai


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def event(event_type: str, case_id: str, at: datetime, **changes) -> Envelope:
    model = PAYLOADS[event_type]
    payload = model.model_validate({**model.EXAMPLE, **changes}).model_dump(mode="json")
    return Envelope(
        event_id=str(uuid.uuid4()),
        type=event_type,
        occurred_at=at,
        district="testville",
        case_id=case_id,
        correlation_id=case_id,
        producer=model.PRODUCER,
        payload=payload,
    )


def unit(unit_id: str) -> dict:
    names = {
        "tv-c1": ("一号社区", "community"),
        "tv-c2": ("二号社区", "community"),
        "tv-cgj": ("城管局", "department"),
        "tv-s1": ("测试街道", "street"),
    }
    return {"unit_id": unit_id, "unit_name": names[unit_id][0], "level": names[unit_id][1]}


@pytest.fixture
def keys():
    private, public = generate_keypair()
    return TokenSigner("k1", private), f"k1={public}"


@pytest.fixture
def make_service(make_settings, keys):
    """``make_service()`` → a Service on a fresh database (call twice to compare two)."""
    made = []

    def make(**env):
        settings = make_settings(DEFINITION, DISTRICTS_DIR=str(DISTRICTS), TOKEN_PUBLIC_KEYS=keys[1], **env)
        made.append(Service(bootstrap(settings, clock=Clock(T0)), keys[0]))
        return made[-1]

    yield make
    for service in made:
        service.runtime.db.dispose()


@pytest.fixture
def service(make_service):
    return make_service()


@dataclass
class NotifyBus:
    """Notify beside the evaluation service under test, both declared on the test's broker: ``public_key``
    seals a resident's contact for notify, ``workers()`` carry evaluation's events to notify and send
    what it plans (evaluation's consumer and relay, notify's consumer and delivery worker), ``publish``
    puts other services' events on the broker, ``mails()`` is
    notify's e-mail spool and ``inbox(person)`` a person's in-app notices."""

    service: Service
    notify: Any
    settings: Any
    public_key: str
    spool: Path
    broker_url: str

    def publish(self, *envelopes: Envelope) -> None:
        """What other services publish, on the broker (confirmed)."""
        publisher = ConfirmingPublisher(self.broker_url, 10)
        outgoing = [Outgoing(n, e.event_id, e.type, e.routing_key, e.to_json()) for n, e in enumerate(envelopes)]
        outcome = publisher.publish_batch(outgoing)
        publisher.close()
        assert not outcome.failed

    def workers(self) -> list:
        runtime = self.service.runtime
        return [
            build_consumer(DEFINITION, runtime.settings, runtime),
            build_relay(DEFINITION, runtime.settings, runtime.db),
            build_consumer(NOTIFY, self.settings, self.notify),
            DeliveryWorker(self.notify),
        ]

    def mails(self) -> list[dict]:
        return (
            [json.loads(line) for line in self.spool.read_text(encoding="utf-8").splitlines()]
            if self.spool.exists()
            else []
        )

    def inbox(self, person_id: str) -> list:
        with self.notify.db.engine.connect() as connection:
            query = select(inbox_messages).where(inbox_messages.c.person_id == person_id).order_by(inbox_messages.c.id)
            return connection.execute(query).all()


@pytest.fixture
def notify_districts() -> Path:
    """The district files notify reads in ``notify_bus`` (a module may give units contacts of their own)."""
    return DISTRICTS


@pytest.fixture
def notify_bus(service, make_settings, broker_url, tmp_path, notify_districts):
    """Notify on its own fresh database and evaluation's ``service``, on the same real broker (a bus test)."""
    private, public = generate_contact_keypair()
    settings = make_settings(
        NOTIFY, DISTRICTS_DIR=str(notify_districts), CONTACT_PRIVATE_KEY=private, SPOOL_DIR=str(tmp_path)
    )
    notify = notify_bootstrap(settings)
    try:
        declare(NOTIFY, settings, notify)
        declare(DEFINITION, service.runtime.settings, service.runtime)
        yield NotifyBus(service, notify, settings, public, tmp_path / "email.jsonl", broker_url)
    finally:
        notify.db.dispose()


class Service:
    """The evaluation service under test: feed events, call its API, read what it emitted."""

    def __init__(self, runtime, signer):
        self.runtime, self.signer = runtime, signer
        self.handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
        self.client = create_app(runtime=runtime).test_client()

    def feed(self, *envelopes: Envelope) -> list[str]:
        return [self.handling.handle(e, self.handling.decode(e.to_json())[1]) for e in envelopes]

    def emitted(self, event_type: str) -> list[dict]:
        with self.runtime.db.engine.connect() as connection:
            rows = (
                connection.execute(
                    select(bus.outbox.c.body).where(bus.outbox.c.event_type == event_type).order_by(bus.outbox.c.id)
                )
                .scalars()
                .all()
            )
        return [json.loads(body) for body in rows]

    def link_token(self, case_id: str) -> str:
        return [e for e in self.emitted("evaluation.requested.v1") if e["case_id"] == case_id][-1]["payload"][
            "link_token"
        ]

    def answer(self, case_id: str, solved: bool, satisfaction: str, **extra):
        return self.client.post(
            f"/api/v1/evaluations/{self.link_token(case_id)}",
            json={"solved": solved, "satisfaction": satisfaction, **extra},
        )

    def bearer(
        self, *roles: str, unit_id: str = "testville", district: str = "testville", person: str = "tv-p1"
    ) -> dict:
        token = self.signer.issue(Principal(person, "测试员", district, unit_id, roles), now=datetime.now(UTC))
        return {"Authorization": f"Bearer {token}"}

    def counters(self) -> dict:
        """Every pre-aggregated counter that is not zero: (table, day, subject, metric) -> n."""
        found = {}
        with self.runtime.db.engine.connect() as connection:
            for table in (unit_day_counts, unit_month_counts):
                for row in connection.execute(select(table)).mappings():
                    found.update(
                        {(table.name, row["day"].isoformat(), row["subject"], m): row[m] for m in METRICS if row[m]}
                    )
        return found

    def open_evaluations(self) -> dict:
        with self.runtime.db.engine.connect() as connection:
            rows = connection.execute(
                select(evaluations.c.case_id, evaluations.c.resolved_event_id).where(evaluations.c.status == "open")
            ).all()
        return {r.case_id: r.resolved_event_id for r in rows}

    def later(self, **delta) -> None:
        self.runtime.clock.now += timedelta(**delta)
