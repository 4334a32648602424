"""What the kit needs to run evaluation's processes:
``minqing-evaluation consumer|relay|scheduler|migrate|declare|check-settings|ask-review-households``."""

from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, Subcommand, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .scheduler import Scheduler
from .settings import EvaluationSettings
from .subscriptions import subscriptions


def ask_review_households(settings: EvaluationSettings, args) -> int:
    """Asks intake for the households of the open annual reviews never asked for (opened before 0016)."""
    from .review_households import ask_never_asked

    runtime = bootstrap(settings)
    try:
        asked = ask_never_asked(runtime)
    finally:
        runtime.db.dispose()
    print(f"asked intake for the households of {asked} open reviews (the relay sends the questions)")
    return 0


DEFINITION = ServiceDefinition(
    name="evaluation",
    settings_model=EvaluationSettings,
    tables=bus,
    migrations=str(Path(__file__).parent / "migrations"),
    bootstrap=bootstrap,
    subscriptions=subscriptions,
    scheduler=lambda runtime: Scheduler(runtime),
    commands={
        "ask-review-households": Subcommand(
            "ask intake for the households of the open annual reviews never asked for (opened before 0016)",
            ask_review_households,
        ),
    },
)


def main() -> None:
    sys.exit(service_main(DEFINITION))
