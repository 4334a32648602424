"""What the kit needs to run routing's processes: ``minqing-routing consumer|relay|scheduler|migrate|declare|
check-settings``, plus ``minqing-routing set-password --district D --person P`` (reads the password from
stdin or a prompt), ``minqing-routing load-catalogue DISTRICT FILE`` (the district's responsibility
catalogue, e.g. config/catalogue/xinlin.csv, as its next version) and ``minqing-routing train-dispatch
[DISTRICT]`` (the history model of dispatch, trained now rather than on the scheduler's interval)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, Subcommand, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .domain.catalogue import COLUMNS as CATALOGUE_COLUMNS
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


def load_catalogue(settings: RoutingSettings, args) -> int:
    """The district's responsibility catalogue file becomes its next version; 2 for an unknown district,
    1 for a file that cannot be read or does not validate (nothing loaded, each bad line named)."""
    from .catalogue import load_file

    runtime = bootstrap(settings)
    if args.district not in runtime.districts:
        print(f"no district {args.district}", file=sys.stderr)
        return 2
    try:
        version, items = load_file(runtime, args.district, Path(args.file))
    except (OSError, ValueError) as error:
        print(f"not loaded: {error}", file=sys.stderr)
        return 1
    print(f"{args.district}: catalogue version {version} with {items} items")
    return 0


def train_dispatch(settings: RoutingSettings, args) -> int:
    """Train the history model of one district (or every one) now; 2 for an unknown district."""
    from .history_dispatch import train

    runtime = bootstrap(settings)
    if args.district and args.district not in runtime.districts:
        print(f"no district {args.district}", file=sys.stderr)
        return 2
    for code in [args.district] if args.district else sorted(runtime.districts):
        done = train(runtime, code)
        if done.version is None or done.evaluation is None:
            needed = runtime.districts[code].config.dispatch_model.min_history
            print(f"{code}: {done.samples} closed cases, fewer than {needed}: the rules only")
            continue
        measured = done.evaluation
        print(
            f"{code}: model v{done.version} on {done.samples} closed cases; held out the newest {measured.held_out}:"
            f" model {measured.model_right}/{measured.held_out} = {measured.model_rate:.3f},"
            f" rules {measured.rules_right}/{measured.held_out} = {measured.rules_rate:.3f}"
        )
    return 0


def _catalogue_arguments(parser) -> None:
    parser.add_argument("district", help="district code, e.g. xinlin")
    parser.add_argument("file", help="CSV, e.g. config/catalogue/xinlin.csv: " + ", ".join(CATALOGUE_COLUMNS))


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
        ),
        "train-dispatch": Subcommand(
            "train the history model of dispatch (按历史派单) on the districts' closed cases",
            train_dispatch,
            lambda parser: parser.add_argument("district", nargs="?", help="one district; default: every one"),
        ),
        "load-catalogue": Subcommand(
            "load a district's responsibility catalogue (职责清单) as its next version",
            load_catalogue,
            _catalogue_arguments,
        ),
    },
)


def main(argv: list[str] | None = None) -> None:
    sys.exit(service_main(DEFINITION, argv))
