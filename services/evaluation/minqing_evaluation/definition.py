"""What the kit needs to run evaluation's processes:
``minqing-evaluation consumer|relay|scheduler|migrate|declare|check-settings``."""

from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .scheduler import Scheduler
from .settings import EvaluationSettings
from .subscriptions import subscriptions

DEFINITION = ServiceDefinition(
    name="evaluation",
    settings_model=EvaluationSettings,
    tables=bus,
    migrations=str(Path(__file__).parent / "migrations"),
    bootstrap=bootstrap,
    subscriptions=subscriptions,
    scheduler=lambda runtime: Scheduler(runtime),
)


def main() -> None:
    sys.exit(service_main(DEFINITION))
