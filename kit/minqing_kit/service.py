"""What a service tells the kit about itself, and the command line built from it.

``minqing-<service> consumer|relay|scheduler|migrate`` — the web process runs under gunicorn
(``gunicorn <package>.wsgi:app``); nothing here connects before the chosen command runs.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import kombu

from .bus_tables import BusTables
from .consumer import EventConsumer, EventHandling, Handler, RetryPolicy
from .db import Database
from .logs import configure_logging
from .migrations import upgrade
from .orgconfig import load_districts
from .process import Worker, run_until_stopped
from .publisher import ConfirmingPublisher
from .relay import OutboxRelay
from .settings import ServiceSettings, load_settings

log = logging.getLogger(__name__)


@dataclass
class ServiceDefinition:
    name: str
    settings_model: type[ServiceSettings]
    tables: BusTables
    migrations: str
    bootstrap: Callable[[ServiceSettings], Any]  # -> the service's runtime (db, repositories, config)
    subscriptions: Callable[[Any], dict[str, Handler]]
    scheduler: Callable[[Any], Worker] | None = None
    default_database: str | None = None

    def settings(self, environ=None) -> ServiceSettings:
        return load_settings(self.settings_model, environ,
                             DATABASE_URL=self.default_database or f"sqlite:///run/{self.name}.sqlite")


def build_consumer(definition: ServiceDefinition, settings: ServiceSettings, runtime) -> EventConsumer:
    handling = EventHandling(definition.name, runtime.db, definition.tables, definition.subscriptions(runtime))
    connection = kombu.Connection(settings.AMQP_URL, heartbeat=settings.HEARTBEAT_SECONDS, connect_timeout=5)
    known = sorted(load_districts(settings.DISTRICTS_DIR))
    return EventConsumer(connection, handling, districts=settings.serving_districts(known),
                         group=settings.CONSUMER_GROUP, prefetch=settings.CONSUMER_PREFETCH,
                         max_deliveries=settings.MAX_DELIVERIES, batch_size=settings.CONSUMER_BATCH,
                         known_districts=known,
                         retry=RetryPolicy(park_after=settings.NOT_READY_PARK_AFTER_SECONDS))


def declare(definition: ServiceDefinition, settings: ServiceSettings, runtime) -> None:
    """Declare the service's queues and bindings before any relay publishes (``mandatory`` needs a route)."""
    consumer = build_consumer(definition, settings, runtime)
    with consumer.connection as connection:
        connection.ensure_connection(max_retries=3)
        consumer.get_consumers(lambda **kwargs: None, connection.channel())
    log.info("declared queue and bindings")


def build_relay(definition: ServiceDefinition, settings: ServiceSettings, db: Database) -> OutboxRelay:
    publisher = ConfirmingPublisher(settings.AMQP_URL, settings.RELAY_CONFIRM_TIMEOUT, settings.HEARTBEAT_SECONDS)
    return OutboxRelay(db, definition.tables.outbox, publisher, settings.RELAY_BATCH_SIZE,
                       settings.RELAY_IDLE_SECONDS)


def main(definition: ServiceDefinition, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"minqing-{definition.name}")
    parser.add_argument("command", choices=["consumer", "relay", "scheduler", "migrate", "declare", "check-settings"])
    args = parser.parse_args(argv)
    settings = definition.settings()
    configure_logging(definition.name, settings.LOG_LEVEL)
    if args.command == "check-settings":
        print(settings.model_dump_json(indent=2, exclude={"DATABASE_URL", "AMQP_URL", "TOKEN_PUBLIC_KEYS"}))
        return 0
    if args.command == "migrate":
        upgrade(definition.migrations, settings.DATABASE_URL)
        log.info("migrations applied")
        return 0
    runtime = definition.bootstrap(settings)
    if args.command == "declare":
        declare(definition, settings, runtime)
        return 0
    if args.command == "consumer":
        worker = build_consumer(definition, settings, runtime)
    elif args.command == "relay":
        worker = build_relay(definition, settings, runtime.db)
    elif definition.scheduler is None:
        print(f"{definition.name} has no scheduler", file=sys.stderr)
        return 2
    else:
        worker = definition.scheduler(runtime)
    run_until_stopped(worker, f"{definition.name}-{args.command}")
    return 0
