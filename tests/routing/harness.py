"""Test support for routing on the real broker: publish intake's and evaluation's events, capture
every event routing publishes (each validated against its committed JSON Schema), and call the API
as a signed-in handler."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import amqp
import jsonschema
import kombu
from kombu import Exchange, Queue, binding

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.base import Actor
from minqing_contracts.events.evaluation import MeetingDecisionRecorded, ReopenRequested
from minqing_contracts.events.intake import CaseReceived, CaseReclassified, Classification, Location
from minqing_contracts.export import ENVELOPE_SCHEMA, EVENT_SCHEMAS
from minqing_contracts.topology import EXCHANGE
from minqing_kit.tokens import generate_keypair
from support.workers import wait_for

DISTRICTS = Path(__file__).parent / "districts"
PRIVATE_KEY, PUBLIC_KEY = generate_keypair()
DEMO_PASSWORD = "demo-password-1"
ENV = {
    "DISTRICTS_DIR": str(DISTRICTS),
    "TOKEN_SIGNING_KEY": PRIVATE_KEY,
    "TOKEN_KEY_ID": "test-1",
    "TOKEN_PUBLIC_KEYS": f"test-1={PUBLIC_KEY}",
    "DEMO_PASSWORD": DEMO_PASSWORD,
    "SCHEDULER_IDLE_SECONDS": "0.05",
}
CAPTURE_QUEUE = "routing-test.capture"


def received(
    ticket: str,
    category: str = "environment",
    address: str | None = None,
    grid: str | None = None,
    urgent: bool = False,
    duplicate_of: str | None = None,
    district: str = "hilltown",
    lat: float | None = None,
    lon: float | None = None,
    joins: str | None = None,
    contact_sealed: str | None = "b64:AAAA",  # routing never opens it: whether there is one
) -> Envelope:
    payload = CaseReceived(
        ticket=ticket,
        channel="web",
        content="楼下垃圾三天没人清运,气味很大。",
        classification=Classification(category=category, confidence=0.9, rule="keyword:垃圾"),
        location=Location(address=address, grid_code=grid, lat=lat, lon=lon),
        urgent=urgent,
        first_contact=Actor(kind="resident"),
        duplicate_of_case_id=duplicate_of,
        joins_case_id=joins,
        contact_sealed=contact_sealed,
        received_at=datetime.now(UTC),
    )
    return new_envelope(payload, district=district, producer="intake", case_id=str(uuid.uuid4()))


def reopen_requested(case: Envelope, count: int) -> Envelope:
    payload = ReopenRequested(
        ticket=case.payload["ticket"],
        evaluation_id=f"ev-{count}",
        unit_id="x",
        reason="not_satisfied",
        reopen_count=count,
    )
    return new_envelope(payload, district=case.district, producer="evaluation", case_id=case.case_id)


def meeting_decided(*cases: Envelope, title: str, text: str, held_at: datetime) -> Envelope:
    """A coordination meeting's (协调会) adopted decision on ``cases``, as evaluation publishes it."""
    payload = MeetingDecisionRecorded(
        meeting_id=f"mt-{uuid.uuid4().hex[:8]}",
        decision_id=f"md-{uuid.uuid4().hex[:8]}",
        kind="coordination",
        title=title,
        unit_id="ht-c1",
        held_at=held_at,
        text=text,
        adopted=True,
        case_ids=[case.case_id for case in cases],
    )
    return new_envelope(payload, district=cases[0].district, producer="evaluation")


def reclassified(case: Envelope, category: str) -> Envelope:
    payload = CaseReclassified(
        ticket=case.payload["ticket"],
        category=category,
        previous_category=case.payload["classification"]["category"],
        actor=Actor(kind="person", id="ht-op", name="接线员", role="hotline_operator"),
    )
    return new_envelope(payload, district=case.district, producer="intake", case_id=case.case_id)


def publish(url: str, *envelopes: Envelope) -> None:
    """Publish and wait for each broker confirm: closing the connection with confirms outstanding can
    lose the last messages (seen: the second of two back-to-back events never reached the queue)."""
    with kombu.Connection(url) as connection:
        channel = connection.channel()
        for e in envelopes:
            channel.basic_publish_confirm(
                amqp.Message(
                    e.to_json(), message_id=e.event_id, type=e.type, delivery_mode=2, content_type="application/json"
                ),
                exchange=EXCHANGE,
                routing_key=e.routing_key,
                confirm_timeout=10,
            )


class Capture:
    """A queue bound to every event; routing's are validated against the committed schemas."""

    def __init__(self, url: str):
        self.url, self.events = url, []
        exchange = Exchange(EXCHANGE, type="topic", durable=True)
        self.queue = Queue(
            CAPTURE_QUEUE,
            durable=True,
            bindings=[binding(exchange, routing_key=k) for k in ("*.case.#", "*.deadline.#")],
        )
        with kombu.Connection(url) as connection:
            channel = connection.channel()
            self.queue(channel).declare()
            channel.queue_purge(CAPTURE_QUEUE)

    def drain(self) -> list[dict]:
        with kombu.Connection(self.url) as connection:
            channel = connection.channel()
            while (message := channel.basic_get(CAPTURE_QUEUE, no_ack=True)) is not None:
                event = json.loads(message.body)
                if event["producer"] == "routing":
                    validate(event)
                    self.events.append(event)
        return self.events

    def of(self, case_id: str, event_type: str | None = None) -> list[dict]:
        return [e for e in self.drain() if e["case_id"] == case_id and (event_type is None or e["type"] == event_type)]

    def wait(self, case_id: str, event_type: str, count: int = 1, timeout: float = 20) -> list[dict]:
        wait_for(
            lambda: len(self.of(case_id, event_type)) >= count,
            timeout=timeout,
            what=f"{count} × {event_type} for {case_id}",
        )
        return self.of(case_id, event_type)

    def types(self, case_id: str) -> list[str]:
        return [e["type"] for e in self.of(case_id)]

    def delete(self) -> None:
        with kombu.Connection(self.url) as connection:
            connection.channel().queue_delete(CAPTURE_QUEUE)


def validate(event: dict) -> None:
    jsonschema.validate(event, json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8")))
    schema = json.loads((EVENT_SCHEMAS / f"{event['type']}.json").read_text(encoding="utf-8"))
    jsonschema.validate(event["payload"], schema)


class Api:
    """The Flask test client, signed in per person through the real login endpoint."""

    def __init__(self, client):
        self.client, self.tokens = client, {}

    def token(self, person: str, district: str = "hilltown") -> str:
        if person not in self.tokens:
            answer = self.client.post(
                "/api/v1/auth/login", json={"district": district, "person_id": person, "password": DEMO_PASSWORD}
            )
            assert answer.status_code == 200, answer.get_json()
            self.tokens[person] = answer.get_json()["token"]
        return self.tokens[person]

    def post(self, person: str, path: str, body: dict | None = None, district: str = "hilltown"):
        headers = {"Authorization": f"Bearer {self.token(person, district)}"}
        return self.client.post(path, json=body or {}, headers=headers)

    def get(self, person: str, path: str, district: str = "hilltown"):
        return self.client.get(path, headers={"Authorization": f"Bearer {self.token(person, district)}"})
