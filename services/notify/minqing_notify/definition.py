"""What the kit needs to run notify's processes:
``minqing-notify consumer|relay|scheduler|migrate|declare|check-settings``.

The scheduler is the delivery worker: the consumer only records deliveries, the scheduler sends them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .delivery import DeliveryWorker
from .settings import NotifySettings
from .subscriptions import subscriptions

DEFINITION = ServiceDefinition(
    name="notify",
    settings_model=NotifySettings,
    tables=bus,
    migrations=str(Path(__file__).parent / "migrations"),
    bootstrap=bootstrap,
    subscriptions=subscriptions,
    scheduler=DeliveryWorker,
)


def main() -> None:
    sys.exit(service_main(DEFINITION))
