"""Build intake's runtime from settings. Nothing here connects: engines open on first use."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from minqing_contracts.org import DistrictConfig
from minqing_kit.db import Database
from minqing_kit.orgconfig import load_districts
from minqing_kit.outbox import Outbox
from minqing_kit.replica import read_database
from minqing_kit.tokens import TokenVerifier

from .adapters.tables import bus
from .domain.address_index import AddressIndex, district_entries
from .domain.classify import KeywordClassifier
from .domain.places import DistrictPlaces
from .settings import IntakeSettings

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: IntakeSettings
    db: Database
    # stale-tolerant reads (READ_DATABASE_URL's replica, else ``db`` itself): Open311's public list of requests
    # (deploy/README.md, "A read replica")
    read_db: Database
    outbox: Outbox
    districts: dict[str, DistrictConfig]
    places: dict[str, DistrictPlaces]
    classifiers: Mapping[str, KeywordClassifier]
    verifier: TokenVerifier

    @functools.cached_property
    def addresses(self) -> AddressIndex:
        """Every district's buildings, for suggestions as a resident types: built on first use (a large
        registry takes seconds), so only the web builds it (``wsgi.py``, at start)."""
        return AddressIndex(entry for d in self.districts.values() for entry in district_entries(d))

    def warnings(self) -> list[str]:
        found = []
        if not self.settings.NOTIFY_PUBLIC_KEY:
            found.append("NOTIFY_PUBLIC_KEY is not set: reporters' contacts are dropped, notify cannot reach them")
        if self.settings.rate_limit_exempt:
            found.append(f"RATE_LIMIT_EXEMPT skips the per-address limit for {self.settings.RATE_LIMIT_EXEMPT}")
        return found


class Classifiers(Mapping[str, KeywordClassifier]):
    """Each district's keyword classifier, built on first use: jieba's dictionary (``domain/word_table.py``,
    about 11 MB, one per process, shared by every district's classifier) is loaded only by a process that
    classifies. The web loads them all at start (``wsgi.py``); the
    consumer, the relay and the scheduler never do unless a handler files a case."""

    def __init__(self, districts: dict[str, DistrictConfig]):
        self._districts = districts
        self._built: dict[str, KeywordClassifier] = {}

    def __getitem__(self, code: str) -> KeywordClassifier:
        if code not in self._built:
            self._built[code] = KeywordClassifier(self._districts[code].categories)
        return self._built[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._districts)

    def __len__(self) -> int:
        return len(self._districts)

    def load_all(self) -> None:
        for code in self._districts:
            self[code]


def bootstrap(settings: IntakeSettings) -> Runtime:
    districts = load_districts(settings.DISTRICTS_DIR)
    db = Database(settings.DATABASE_URL)
    runtime = Runtime(
        settings=settings,
        db=db,
        read_db=read_database(settings, db),
        outbox=Outbox(bus.outbox),
        districts=districts,
        places={code: DistrictPlaces(d) for code, d in districts.items()},
        classifiers=Classifiers(districts),
        verifier=TokenVerifier.from_spec(settings.TOKEN_PUBLIC_KEYS),
    )
    for warning in runtime.warnings():
        log.warning(warning)
    return runtime
