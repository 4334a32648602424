"""Build notify's runtime from settings. Nothing here connects: engines, HTTP sessions and SMTP
connections open on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from minqing_contracts.org import DistrictConfig
from minqing_kit.db import Database
from minqing_kit.orgconfig import load_districts
from minqing_kit.outbox import Outbox
from minqing_kit.replica import read_database

from .adapters.tables import bus
from .channels import Channel
from .channels.email import SmtpChannel
from .channels.inapp import InAppInbox
from .channels.robots import DingTalkRobot, WeComRobot
from .channels.sms import SmsGateway
from .channels.spool import SpoolChannel
from .rendering import Templates
from .settings import NotifySettings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: NotifySettings
    db: Database
    # stale-tolerant reads (READ_DATABASE_URL's replica, else ``db`` itself): the delivery log
    # (deploy/README.md, "A read replica")
    read_db: Database
    outbox: Outbox
    districts: dict[str, DistrictConfig]
    templates: Templates
    channels: dict[str, Channel]
    clock: Clock = field(default=utc_now)


def build_channels(settings: NotifySettings, db: Database) -> dict[str, Channel]:
    """Every channel notify has, by name: the one place a channel is registered."""
    timeout = settings.HTTP_TIMEOUT_SECONDS
    sms = (
        SmsGateway(
            settings.SMS_GATEWAY_URL,
            settings.SMS_GATEWAY_KEY_ID,
            settings.SMS_GATEWAY_SECRET.get_secret_value(),
            settings.SMS_SIGN_NAME,
            timeout,
        )
        if settings.SMS_GATEWAY_URL
        else SpoolChannel(SmsGateway, settings.SPOOL_DIR)
    )
    email = (
        SmtpChannel(
            settings.SMTP_HOST,
            settings.SMTP_PORT,
            settings.SMTP_FROM,
            settings.SMTP_USER,
            settings.SMTP_PASSWORD.get_secret_value(),
            settings.SMTP_STARTTLS,
            timeout,
        )
        if settings.SMTP_HOST
        else SpoolChannel(SmtpChannel, settings.SPOOL_DIR)
    )
    channels = (sms, email, WeComRobot(timeout), DingTalkRobot(timeout), InAppInbox(db))
    return {channel.name: channel for channel in channels}


def unknown_channels(districts: dict[str, DistrictConfig], channels: dict[str, Channel]) -> list[str]:
    """``district: channel`` for every channel a district's rules name that notify does not have."""
    return sorted(
        {
            f"{code}: {name}"
            for code, district in districts.items()
            if district.notifications
            for rule in district.notifications.rules
            for name in rule.channels
            if name not in channels
        }
    )


def bootstrap(settings: NotifySettings, **overrides) -> Runtime:
    """``overrides`` replace parts in tests: ``clock=``, ``channels=``, ``districts=``."""
    db = overrides.pop("db", None) or Database(settings.DATABASE_URL)
    parts = dict(
        settings=settings,
        db=db,
        read_db=read_database(settings, db),
        outbox=Outbox(bus.outbox),
        districts=overrides.pop("districts", None) or load_districts(settings.DISTRICTS_DIR),
        templates=Templates(settings.TEMPLATES_DIR or None),
        channels=overrides.pop("channels", None) or build_channels(settings, db),
    )
    unknown = unknown_channels(parts["districts"], parts["channels"])
    if unknown:
        raise ValueError(
            f"district notification rules name channels notify does not have ({', '.join(unknown)}); "
            f"it has {', '.join(parts['channels'])}"
        )
    return Runtime(**parts, **overrides)
