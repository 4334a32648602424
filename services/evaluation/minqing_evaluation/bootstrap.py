"""Build evaluation's runtime from settings. Nothing here connects: engines open on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from minqing_contracts.org import DistrictConfig
from minqing_kit.db import Database
from minqing_kit.orgconfig import load_districts
from minqing_kit.outbox import Outbox
from minqing_kit.replica import read_database
from minqing_kit.tokens import TokenVerifier
from minqing_kit.workcalendar import WorkCalendar

from .adapters.tables import bus
from .settings import EvaluationSettings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: EvaluationSettings
    db: Database
    outbox: Outbox
    districts: dict[str, DistrictConfig]
    calendars: dict[str, WorkCalendar]
    verifier: TokenVerifier
    # rates, rankings, reports and dashboards read here: READ_DATABASE_URL's replica, else ``db`` itself
    read_db: Database
    clock: Callable[[], datetime] = field(default=utc_now)

    def tz(self, district: str) -> ZoneInfo:
        config = self.districts.get(district)
        return ZoneInfo(config.timezone if config else "Asia/Shanghai")


def bootstrap(settings: EvaluationSettings, clock: Callable[[], datetime] = utc_now) -> Runtime:
    districts = load_districts(settings.DISTRICTS_DIR)
    calendars = {code: WorkCalendar(c.calendar, c.timezone) for code, c in districts.items()}
    db = Database(settings.DATABASE_URL)
    return Runtime(
        settings=settings,
        db=db,
        read_db=read_database(settings, db),
        outbox=Outbox(bus.outbox),
        districts=districts,
        calendars=calendars,
        verifier=TokenVerifier.from_spec(settings.TOKEN_PUBLIC_KEYS),
        clock=clock,
    )
