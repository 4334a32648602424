"""What the kit needs to run routing's processes: ``minqing-routing consumer|relay|scheduler|migrate|declare|
check-settings``, plus ``minqing-routing set-password --district D --person P`` (reads the password from
stdin or a prompt)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, Subcommand, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .scheduler import build_scheduler
from .settings import RoutingSettings
from .subscriptions import subscriptions


def set_password(settings: RoutingSettings, args) -> int:
    from . import accounts

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("password: ")
    try:
        accounts.set_password(bootstrap(settings), args.district, args.person, password)
    except (LookupError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"password set for {args.person} in {args.district}")
    return 0


def _set_password_arguments(parser) -> None:
    parser.add_argument("--district", required=True)
    parser.add_argument("--person", required=True)


DEFINITION = ServiceDefinition(
    name="routing",
    settings_model=RoutingSettings,
    tables=bus,
    migrations=str(Path(__file__).parent / "migrations"),
    bootstrap=bootstrap,
    subscriptions=subscriptions,
    scheduler=build_scheduler,
    commands={
        "set-password": Subcommand(
            "set a person's password (from stdin, or a prompt)", set_password, _set_password_arguments
        )
    },
)


def main(argv: list[str] | None = None) -> None:
    sys.exit(service_main(DEFINITION, argv))
