"""What the kit needs to run intake's processes: ``minqing-intake consumer|relay|migrate|declare|check-settings``,
plus ``minqing-intake add-open311-client NAME`` (prints the new client's api_key once)."""
from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, Subcommand, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .settings import IntakeSettings
from .subscriptions import subscriptions


def add_open311_client(settings: IntakeSettings, args) -> int:
    from .open311.clients import add_client

    client_id, api_key = add_client(bootstrap(settings).db, args.name)
    print(f"client {client_id} ({args.name})\napi_key {api_key}")
    return 0


DEFINITION = ServiceDefinition(
    name="intake", settings_model=IntakeSettings, tables=bus,
    migrations=str(Path(__file__).parent / "migrations"), bootstrap=bootstrap, subscriptions=subscriptions,
    commands={"add-open311-client": Subcommand(
        "register an Open311 client and print its api_key once", add_open311_client,
        lambda parser: parser.add_argument("name", help="who the client is, e.g. 'city app'"))})


def main(argv: list[str] | None = None) -> None:
    sys.exit(service_main(DEFINITION, argv))
