"""What the kit needs to run routing's processes: ``minqing-routing consumer|relay|scheduler|migrate|declare|
check-settings``, plus ``minqing-routing set-password --district D --person P`` (reads the password from
stdin or a prompt), ``minqing-routing load-catalogue DISTRICT FILE`` (the district's responsibility
catalogue, e.g. config/catalogue/xinlin.csv, as its next version) and ``minqing-routing train-dispatch
[DISTRICT | --due | --watch]`` (the history model of dispatch: now, the districts due, or as they fall due;
the deadline scheduler never trains)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from minqing_kit.process import run_until_stopped
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
    """Train the history model of one district (or every one) now; with ``--due`` only the districts whose
    ``retrain_hours`` have passed since their last training (the CronJob's run), with ``--watch`` those as
    they fall due, until SIGTERM (a process of its own: compose, ``make up``). 2 for an unknown district."""
    from .history_dispatch import train
    from .history_schedule import RetrainSchedule, TrainingWatch

    runtime = bootstrap(settings)
    if getattr(args, "watch", False):
        run_until_stopped(TrainingWatch(runtime), "routing-train-dispatch")
        return 0
    if args.district and args.district not in runtime.districts:
        print(f"no district {args.district}", file=sys.stderr)
        return 2
    if getattr(args, "due", False):
        done = RetrainSchedule(runtime).run_due(runtime.now())
        print(f"due: {', '.join(t.district for t in done) or 'none'}")
    else:
        done = [train(runtime, code) for code in ([args.district] if args.district else sorted(runtime.districts))]
    for trained in done:
        _print_training(runtime, trained)
    return 0


def _print_training(runtime, done) -> None:
    if done.version is None or done.evaluation is None:
        needed = runtime.districts[done.district].config.dispatch_model.min_history
        print(f"{done.district}: {done.samples} closed cases, fewer than {needed}: the rules only")
        return
    measured = done.evaluation
    print(
        f"{done.district}: model v{done.version} on {done.samples} closed cases; held out the newest"
        f" {measured.held_out}: model {measured.model_right}/{measured.held_out} = {measured.model_rate:.3f},"
        f" rules {measured.rules_right}/{measured.held_out} = {measured.rules_rate:.3f}"
    )


def _train_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("district", nargs="?", help="one district; default: every one")
    which.add_argument("--due", action="store_true", help="only the districts whose retrain_hours have passed")
    which.add_argument("--watch", action="store_true", help="keep running: train each district when it is due")


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
            _train_arguments,
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
