"""What the kit needs to run intake's processes: ``minqing-intake consumer|relay|migrate|declare``,
plus ``minqing-intake add-open311-client NAME`` (prints the new client's api_key once)."""
from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .settings import IntakeSettings
from .subscriptions import subscriptions

SECRETS = {"DATABASE_URL", "AMQP_URL", "TOKEN_PUBLIC_KEYS", "INTAKE_SECRET_KEY"}
DEFINITION = ServiceDefinition(
    name="intake", settings_model=IntakeSettings, tables=bus,
    migrations=str(Path(__file__).parent / "migrations"), bootstrap=bootstrap, subscriptions=subscriptions)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check-settings"]:  # the kit's version would print INTAKE_SECRET_KEY
        print(DEFINITION.settings().model_dump_json(indent=2, exclude=SECRETS))
        sys.exit(0)
    if argv[:1] == ["add-open311-client"]:
        from .open311.clients import add_client_command

        sys.exit(add_client_command(DEFINITION, argv[1:]))
    sys.exit(service_main(DEFINITION, argv))
