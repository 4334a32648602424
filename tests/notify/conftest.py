"""Notify on the real broker and PostgreSQL, with local receivers for every channel."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pika
import pytest
from sqlalchemy import select

from minqing_contracts import PAYLOADS, Envelope, new_envelope
from minqing_kit.db import Database
from minqing_kit.sealing import generate_contact_keypair, seal_contact
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_kit.tokens import Principal, TokenSigner, generate_keypair
from minqing_notify.adapters.tables import bus, deliveries
from minqing_notify.bootstrap import bootstrap, build_channels
from minqing_notify.definition import DEFINITION
from minqing_notify.delivery import DeliveryWorker
from minqing_notify.web import create_app
from support.workers import running

from .receivers import HttpRecorder, SmtpServer

HERE = Path(__file__).parent
DISTRICT = "notifyville"
PHONE, EMAIL = "13812345678", "resident@example.com"
CONTACT_PRIVATE, CONTACT_PUBLIC = generate_contact_keypair()
TOKEN_PRIVATE, TOKEN_PUBLIC = generate_keypair()
SHANGHAI_10AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


class ShiftedClock:
    """Real time moved to a chosen moment: time still flows, so backoffs still expire."""

    def __init__(self, start: datetime):
        self.set(start)

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def write_district(directory: Path, receiver_url: str, extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    text = (HERE / "district.yaml.tpl").read_text(encoding="utf-8")
    (directory / f"{DISTRICT}.yaml").write_text(
        text.replace("{recv}", receiver_url).replace("{extra}", extra), encoding="utf-8"
    )
    return directory


def sealed(phone: str | None = PHONE, email: str | None = EMAIL, tracking_secret: str | None = None) -> str:
    return seal_contact(
        {"name": "王女士", "phone": phone, "email": email, "tracking_secret": tracking_secret}, CONTACT_PUBLIC
    )


@dataclass
class Notify:
    settings: object
    runtime: object
    clock: ShiftedClock
    http: HttpRecorder
    smtp: SmtpServer
    amqp_url: str

    def workers(self):
        self.consumer = build_consumer(DEFINITION, self.settings, self.runtime)
        self.worker = DeliveryWorker(self.runtime)
        return running(self.consumer, build_relay(DEFINITION, self.settings, self.runtime.db), self.worker)

    def envelope(self, event_type: str, case_id: str | None = "c-1", **changes) -> Envelope:
        model = PAYLOADS[event_type]
        payload = model.model_validate({**model.EXAMPLE, **changes})
        return new_envelope(payload, district=DISTRICT, producer=model.PRODUCER, case_id=case_id)

    def publish(self, *envelopes: Envelope) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self.amqp_url))
        channel = connection.channel()
        channel.confirm_delivery()
        for envelope in envelopes:
            channel.basic_publish(
                "minqing.events",
                envelope.routing_key,
                envelope.to_json().encode(),
                pika.BasicProperties(
                    message_id=envelope.event_id, type=envelope.type, delivery_mode=2, content_type="application/json"
                ),
                mandatory=True,
            )
        connection.close()

    def deliveries(self, **where) -> list:
        query = select(deliveries).order_by(deliveries.c.created_at, deliveries.c.recipient_key, deliveries.c.channel)
        for name, value in where.items():
            query = query.where(deliveries.c[name] == value)
        with self.runtime.db.engine.connect() as connection:
            return connection.execute(query).all()

    def outbox_events(self) -> list[dict]:
        """Every event notify wrote, read where it writes them (in the delivery's own transaction)."""
        with self.runtime.db.engine.connect() as connection:
            return [json.loads(body) for body in connection.execute(select(bus.outbox.c.body)).scalars()]

    def settled(self, count: int, **where):
        """True once ``count`` deliveries matching ``where`` exist and none is still waiting."""
        rows = self.deliveries(**where)
        return len(rows) == count and all(r.status in ("sent", "failed", "skipped") for r in rows)

    def token(self, person_id: str, unit_id: str, *roles: str) -> dict:
        token = TokenSigner("k1", TOKEN_PRIVATE).issue(Principal(person_id, "测试", DISTRICT, unit_id, roles))
        return {"Authorization": f"Bearer {token}"}

    def app(self):
        return create_app(self.settings, self.runtime).test_client()


@pytest.fixture
def receivers():
    http, smtp = HttpRecorder().start(), SmtpServer().start()
    yield http, smtp
    http.stop()
    smtp.stop()


@pytest.fixture
def notify_factory(make_settings, tmp_path, receivers, broker_url):
    http, smtp = receivers
    made = []

    def make(extra_yaml: str = "", extra_channels: dict | None = None, **env) -> Notify:
        """``extra_channels``: channels of the test's own, registered next to notify's."""
        districts = write_district(tmp_path / f"districts{len(made)}", http.url, extra_yaml)
        settings = make_settings(
            DEFINITION,
            DISTRICTS_DIR=districts,
            CONTACT_PRIVATE_KEY=CONTACT_PRIVATE,
            SMS_GATEWAY_URL=f"{http.url}/sms",
            SMS_GATEWAY_SECRET="gw-secret",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=smtp.port,
            TOKEN_PUBLIC_KEYS=f"k1={TOKEN_PUBLIC}",
            PUBLIC_BASE_URL="https://minqing.example.cn",
            **{
                "DELIVERY_BACKOFF_SECONDS": "0.05",
                "DELIVERY_IDLE_SECONDS": "0.02",
                "CONTACT_WAIT_SECONDS": "30",
                "STEP_SMS_BURST_SECONDS": "0",  # a step SMS due at once (test_step_updates times the burst)
                **env,
            },
        )
        clock = ShiftedClock(SHANGHAI_10AM)
        db = Database(settings.DATABASE_URL)
        channels = {**build_channels(settings, db), **extra_channels} if extra_channels else None
        runtime = bootstrap(settings, clock=clock, db=db, channels=channels)
        declare(DEFINITION, settings, runtime)
        made.append(runtime)
        return Notify(settings, runtime, clock, http, smtp, broker_url)

    yield make
    for runtime in made:
        runtime.db.dispose()


@pytest.fixture
def notify(notify_factory) -> Notify:
    return notify_factory()


@pytest.fixture
def notification_events(broker_url):
    """Collects notification.sent / notification.failed events from the broker."""
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    channel = connection.channel()
    channel.exchange_declare("minqing.events", "topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, "minqing.events", "*.notification.*.v1")

    def fetch() -> list[dict]:
        found = []
        while True:
            method, _props, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return found
            found.append(json.loads(body))

    collected: list[dict] = []

    def events() -> list[dict]:
        collected.extend(fetch())
        return collected

    yield events
    connection.close()


def later(minutes: int) -> datetime:
    return SHANGHAI_10AM + timedelta(minutes=minutes)
