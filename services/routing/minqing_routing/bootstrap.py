"""Build routing's runtime from settings. Nothing here connects: engines open on first use."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from minqing_contracts.org import DistrictConfig
from minqing_kit.db import Database
from minqing_kit.orgconfig import load_districts
from minqing_kit.outbox import Outbox
from minqing_kit.replica import read_database
from minqing_kit.tokens import TokenSigner, TokenVerifier, parse_public_keys
from minqing_kit.workcalendar import WorkCalendar

from .adapters.tables import bus
from .domain.casework import Casework
from .domain.location import Locator
from .domain.org import DistrictOrg, build_org
from .history_models import ModelCache
from .photo_lists import PhotoLists
from .settings import RoutingSettings


@dataclass
class District:
    """One district's org model, locator, calendar and rules, built once per process."""

    config: DistrictConfig
    org: DistrictOrg
    locator: Locator
    calendar: WorkCalendar
    work: Casework


@dataclass
class Runtime:
    settings: RoutingSettings
    db: Database
    # stale-tolerant reads (READ_DATABASE_URL's replica, else ``db`` itself): the dispatch model's rates, the overdue
    # list of the oversight page and exports (deploy/README.md, "A read replica")
    read_db: Database
    outbox: Outbox
    districts: dict[str, District]
    signer: TokenSigner | None
    verifier: TokenVerifier
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    history_models: ModelCache = field(default_factory=ModelCache)  # each district's latest history model
    photo_lists: PhotoLists = field(default_factory=PhotoLists)  # intake's lists of a case's photos, kept briefly

    def now(self) -> datetime:
        return self.clock()

    def warnings(self) -> list[str]:
        found = [w for d in self.districts.values() for w in d.calendar.warnings()]
        if self.signer is None:
            found.append("TOKEN_SIGNING_KEY is not set: handlers cannot sign in")
        if self.settings.DEMO_PASSWORD.get_secret_value():
            found.append("DEMO_PASSWORD is set: every configured person can sign in with it (development only)")
        return found


def build_district(config: DistrictConfig, escalate_after: str, peers: dict[str, Casework] | None = None) -> District:
    """With ``peers`` (shared by every district built), the district's Casework joins them, so a joint case
    can ask a partner district's units (跨区联办)."""
    org = build_org(config)
    calendar = WorkCalendar(config.calendar, config.timezone)
    work = Casework(org, calendar, escalate_after, peers)
    if peers is not None:
        peers[config.code] = work
    return District(config, org, Locator(org), calendar, work)


def build_districts(configs: dict[str, DistrictConfig], escalate_after: str) -> dict[str, District]:
    """Every configured district, each knowing the others' rules for the parts of a case they share."""
    peers: dict[str, Casework] = {}
    return {code: build_district(config, escalate_after, peers) for code, config in configs.items()}


def bootstrap(settings: RoutingSettings, **overrides) -> Runtime:
    signer = None
    keys = parse_public_keys(settings.TOKEN_PUBLIC_KEYS)
    private_key = settings.TOKEN_SIGNING_KEY.get_secret_value()
    if private_key:
        signer = TokenSigner(settings.TOKEN_KEY_ID, private_key, ttl=timedelta(hours=settings.TOKEN_TTL_HOURS))
        own = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key)).public_key()
        keys.setdefault(settings.TOKEN_KEY_ID, own)  # routing always verifies the tokens it signs
    districts = build_districts(load_districts(settings.DISTRICTS_DIR), settings.ESCALATE_AFTER)
    db = Database(settings.DATABASE_URL)
    values = dict(
        settings=settings,
        db=db,
        read_db=read_database(settings, db),
        outbox=Outbox(bus.outbox),
        districts=districts,
        signer=signer,
        verifier=TokenVerifier(keys),
    )
    values.update(overrides)
    return Runtime(**values)
