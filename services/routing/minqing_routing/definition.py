"""What the kit needs to run routing's processes: ``minqing-routing consumer|relay|scheduler|migrate|declare``,
plus ``minqing-routing set-password --district D --person P`` (reads the password from stdin or a prompt)."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .scheduler import build_scheduler
from .settings import RoutingSettings
from .subscriptions import subscriptions

DEFINITION = ServiceDefinition(
    name="routing", settings_model=RoutingSettings, tables=bus,
    migrations=str(Path(__file__).parent / "migrations"), bootstrap=bootstrap, subscriptions=subscriptions,
    scheduler=build_scheduler)


def set_password(argv: list[str]) -> int:
    from . import accounts

    parser = argparse.ArgumentParser(prog="minqing-routing set-password")
    parser.add_argument("--district", required=True)
    parser.add_argument("--person", required=True)
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("password: ")
    try:
        accounts.set_password(bootstrap(DEFINITION.settings()), args.district, args.person, password)
    except (LookupError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"password set for {args.person} in {args.district}")
    return 0


SECRETS = {"DATABASE_URL", "AMQP_URL", "TOKEN_PUBLIC_KEYS", "TOKEN_SIGNING_KEY", "DEMO_PASSWORD"}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["set-password"]:
        sys.exit(set_password(argv[1:]))
    if argv[:1] == ["check-settings"]:  # the kit's version would print the signing key and demo password
        print(DEFINITION.settings().model_dump_json(indent=2, exclude=SECRETS))
        sys.exit(0)
    sys.exit(service_main(DEFINITION, argv))
