"""Build intake's runtime from settings. Nothing here connects: engines open on first use."""
from __future__ import annotations

from dataclasses import dataclass

from minqing_contracts.org import DistrictConfig
from minqing_kit.db import Database
from minqing_kit.orgconfig import load_districts
from minqing_kit.outbox import Outbox

from .adapters.tables import bus
from .settings import IntakeSettings


@dataclass
class Runtime:
    settings: IntakeSettings
    db: Database
    outbox: Outbox
    districts: dict[str, DistrictConfig]


def bootstrap(settings: IntakeSettings) -> Runtime:
    return Runtime(settings=settings, db=Database(settings.DATABASE_URL), outbox=Outbox(bus.outbox),
                   districts=load_districts(settings.DISTRICTS_DIR))
