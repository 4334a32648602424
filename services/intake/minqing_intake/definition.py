"""What the kit needs to run intake's processes: ``minqing-intake consumer|relay|migrate``."""
from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .settings import IntakeSettings
from .subscriptions import subscriptions

DEFINITION = ServiceDefinition(
    name="intake", settings_model=IntakeSettings, tables=bus,
    migrations=str(Path(__file__).parent / "migrations"), bootstrap=bootstrap, subscriptions=subscriptions)


def main() -> None:
    sys.exit(service_main(DEFINITION))
