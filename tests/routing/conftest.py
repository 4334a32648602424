"""Routing running on the real broker and PostgreSQL: relay and consumer in threads, the app's test
client, and a capture queue that sees every event routing publishes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from minqing_kit.service import build_consumer, build_relay
from minqing_routing.adapters.tables import bus
from minqing_routing.bootstrap import Runtime, bootstrap
from minqing_routing.definition import DEFINITION
from minqing_routing.scheduler import DeadlineScheduler
from minqing_routing.web import create_app
from support.workers import running

from .harness import ENV, Api, Capture, publish


@dataclass
class Routing:
    url: str
    runtime: Runtime
    api: Api
    capture: Capture

    def publish(self, *envelopes):
        publish(self.url, *envelopes)

    def handled(self, event_id: str) -> bool:
        """Has routing's consumer committed this event (its inbox row)?"""
        inbox = bus.inbox
        with self.runtime.db.engine.connect() as connection:
            return connection.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id)).first() is not None

    def scheduler(self, **options) -> DeadlineScheduler:
        return DeadlineScheduler(self.runtime, **options)


@pytest.fixture
def routing_settings(make_settings):
    return make_settings(DEFINITION, **ENV)


@pytest.fixture
def routing(routing_settings, broker_url):
    runtime = bootstrap(routing_settings)
    capture = Capture(broker_url)
    consumer = build_consumer(DEFINITION, routing_settings, runtime)
    consumer.declare()  # the queue and its bindings exist before anything is published
    relay = build_relay(DEFINITION, routing_settings, runtime.db)
    app = create_app(routing_settings, runtime)
    with running(relay, consumer):
        yield Routing(broker_url, runtime, Api(app.test_client()), capture)
    capture.delete()
    runtime.db.dispose()
