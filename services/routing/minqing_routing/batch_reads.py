"""What a consumer batch's receptions read before any is dispatched, in one round trip on PostgreSQL
(``minqing_kit.pipeline``): which of the batch's cases are stored already, the catalogue's item in force
by district, category and day, and the history model's latest version by district."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select

from minqing_kit.pipeline import pipelined

from . import catalogue, history_models
from .adapters.tables import cases
from .bootstrap import Runtime

STORED = select(cases.c.id).where(cases.c.id.in_(bindparam("ids", expanding=True)))  # built once, ids bound


@dataclass
class BatchReads:
    """``stored``: case ids written already (the batch's own added as they are dispatched); ``catalogue``:
    ``catalogue.in_force``'s answers by (district, category, day); ``models``: the latest model version by
    district. ``catalogue.assignment_for`` and ``ModelCache.latest`` read what these lack themselves."""

    stored: set[str] = field(default_factory=set)
    catalogue: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict)


def read_for(runtime: Runtime, session, items, now: datetime) -> BatchReads:
    """The reads of a batch of (envelope, ``CaseReceived``), all sent together."""
    ids = sorted({envelope.case_id for envelope, _ in items})
    keys, districts = set(), set()
    for envelope, payload in items:
        district = runtime.districts.get(envelope.district)
        if district is not None:
            day = now.astimezone(ZoneInfo(district.org.config.timezone)).date()
            keys.add((district.org.code, payload.classification.category, day))
            districts.add(district.org.code)
    keys_in_order, districts_in_order = sorted(keys), sorted(districts)
    answers = pipelined(
        session,
        [
            (STORED, {"ids": ids}),
            *(catalogue.in_force_query(*key) for key in keys_in_order),
            *(history_models.latest_version_query(code) for code in districts_in_order),
        ],
    )
    found = iter(answers[1:])
    return BatchReads(
        stored={row[0] for row in answers[0]},
        catalogue={key: catalogue.in_force_of(next(iter(next(found)), None)) for key in keys_in_order},
        models={code: next(found)[0][0] for code in districts_in_order},
    )
