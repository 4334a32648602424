"""What a service tells the kit about itself, and the command line built from it.

``minqing-<service> consumer|relay|scheduler|migrate|prune|declare|check-settings`` plus the service's own
``Subcommand``s (``--help`` lists them all) — the web process runs under gunicorn
(``gunicorn <package>.wsgi:app``); nothing here connects before the chosen command runs.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .brokers import broker_connection
from .bus_tables import BusTables
from .consumer import EventConsumer, EventHandling, Handlers, RetryPolicy
from .db import Database
from .logs import configure_logging
from .metrics import serve_worker_metrics
from .migrations import upgrade
from .process import Worker, run_until_stopped
from .pruning import Pruner, Retention, prune_bus_tables
from .publisher import ConfirmingPublisher
from .relay import OutboxRelay
from .settings import ServiceSettings, load_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subcommand:
    """A command of one service (``add-open311-client``, ``set-password``): its own arguments, run
    with the service's settings once they are loaded and logging is configured."""

    help: str
    run: Callable[[Any, argparse.Namespace], int]  # (settings, parsed arguments) -> exit status
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None


BUILT_IN = {
    "consumer": "consume the service's queue",
    "relay": "publish the outbox",
    "scheduler": "run the service's timers",
    "migrate": "apply database migrations",
    "prune": "delete published outbox rows and inbox rows older than their retention (unsent rows stay)",
    "declare": "declare the service's queues and bindings",
    "check-settings": "print the settings (secrets hidden) or exit naming what is wrong",
}


@dataclass
class ServiceDefinition:
    name: str
    settings_model: type[ServiceSettings]
    tables: BusTables
    migrations: str
    bootstrap: Callable[[ServiceSettings], Any]  # -> the runtime (db, repositories, ``districts`` keyed by code)
    subscriptions: Callable[[Any], Handlers]  # runtime -> {payload class: handler}, the queue's bindings too
    scheduler: Callable[[Any], Worker] | None = None
    default_database: str | None = None
    commands: dict[str, Subcommand] = field(default_factory=dict)

    def settings(self, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        return load_settings(
            self.settings_model, environ, DATABASE_URL=self.default_database or f"sqlite:///run/{self.name}.sqlite"
        )


def build_consumer(definition: ServiceDefinition, settings: ServiceSettings, runtime: Any) -> EventConsumer:
    handling = EventHandling(definition.name, runtime.db, definition.tables, definition.subscriptions(runtime))
    connection = broker_connection(settings.AMQP_URL, heartbeat=settings.HEARTBEAT_SECONDS)
    known = sorted(runtime.districts)  # the runtime's loaded districts: a city's files are not read twice
    return EventConsumer(
        connection,
        handling,
        districts=settings.serving_districts(known),
        group=settings.CONSUMER_GROUP,
        prefetch=settings.CONSUMER_PREFETCH,
        max_deliveries=settings.MAX_DELIVERIES,
        batch_size=settings.CONSUMER_BATCH,
        known_districts=known,
        retry=RetryPolicy(park_after=settings.NOT_READY_PARK_AFTER_SECONDS),
        wait_seconds=settings.CONSUMER_WAIT_SECONDS,
    )


def declare(definition: ServiceDefinition, settings: ServiceSettings, runtime: Any) -> None:
    """Declare the service's queues and bindings before any relay publishes (``mandatory`` needs a route)."""
    build_consumer(definition, settings, runtime).declare()
    log.info("declared queue and bindings")


def build_relay(definition: ServiceDefinition, settings: ServiceSettings, db: Database) -> OutboxRelay:
    publisher = ConfirmingPublisher(settings.AMQP_URL, settings.RELAY_CONFIRM_TIMEOUT, settings.HEARTBEAT_SECONDS)
    return OutboxRelay(
        db,
        definition.tables.outbox,
        publisher,
        settings.RELAY_BATCH_SIZE,
        settings.RELAY_IDLE_SECONDS,
        service=definition.name,
        pruner=Pruner(
            db,
            definition.tables,
            Retention.of(settings),
            service=definition.name,
            interval=settings.PRUNE_INTERVAL_SECONDS,
        ),
    )


def parser_for(definition: ServiceDefinition) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"minqing-{definition.name}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    for name, text in BUILT_IN.items():
        if name != "scheduler" or definition.scheduler is not None:
            commands.add_parser(name, help=text, description=text)
    for name, command in definition.commands.items():
        command.arguments(commands.add_parser(name, help=command.help, description=command.help))
    return parser


def main(definition: ServiceDefinition, argv: list[str] | None = None) -> int:
    args = parser_for(definition).parse_args(argv)
    settings = definition.settings()
    configure_logging(definition.name, settings.LOG_LEVEL)
    for warning in settings.secret_warnings():
        log.warning(warning)
    if args.command == "check-settings":
        print(json.dumps(settings.shown(), indent=2, ensure_ascii=False))
        return 0
    if args.command in definition.commands:
        return definition.commands[args.command].run(settings, args)
    if args.command == "migrate":
        upgrade(definition.migrations, settings.DATABASE_URL)
        log.info("migrations applied")
        return 0
    if args.command == "prune":  # the database only, like the relay
        pruned = prune_bus_tables(
            Database(settings.DATABASE_URL), definition.tables, Retention.of(settings), service=definition.name
        )
        print(json.dumps({"outbox": pruned.outbox, "inbox": pruned.inbox}))
        return 0
    if args.command == "relay":  # the database is all it needs: none of the runtime the others build
        relay = build_relay(definition, settings, Database(settings.DATABASE_URL))
        serve_worker_metrics(settings.METRICS_PORT)
        run_until_stopped(relay, f"{definition.name}-relay")
        return 0
    runtime = definition.bootstrap(settings)
    if args.command == "declare":
        declare(definition, settings, runtime)
        return 0
    worker: Worker
    if args.command == "consumer":
        worker = build_consumer(definition, settings, runtime)
    else:  # the parser offers "scheduler" only to a service that has one
        assert definition.scheduler is not None
        worker = definition.scheduler(runtime)
    serve_worker_metrics(settings.METRICS_PORT)
    run_until_stopped(worker, f"{definition.name}-{args.command}")
    return 0
