"""The history models in routing's database (``dispatch_models``): storing a district's next version, reading
its latest, and a per-process cache so a consumer parses a model's JSON once per version, not per case."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from minqing_kit.pipeline import Statement

from .adapters.model_tables import dispatch_models
from .domain.history_model import HistoryModel
from .domain.learned_dispatch import Evaluation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredModel:
    district: str
    version: int
    trained_at: datetime
    samples: int
    evaluation: Evaluation
    model: HistoryModel


def store(session: Session, district: str, model: HistoryModel, evaluation: Evaluation, samples: int, now) -> int:
    """The district's next version; a concurrent training of the same version fails on the primary key."""
    latest = session.execute(
        select(func.max(dispatch_models.c.version)).where(dispatch_models.c.district == district)
    ).scalar()
    version = (latest or 0) + 1
    session.execute(
        dispatch_models.insert().values(
            district=district,
            version=version,
            trained_at=now,
            samples=samples,
            trained_on=evaluation.trained_on,
            held_out=evaluation.held_out,
            model_right=evaluation.model_right,
            rules_right=evaluation.rules_right,
            model=json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")),
        )
    )
    return version


def latest_version(session: Session, district: str) -> int | None:
    return session.execute(*latest_version_query(district)).scalar()


# built once, the district bound per call: compiled and cache-keyed once per process
LATEST_VERSION = select(func.max(dispatch_models.c.version)).where(dispatch_models.c.district == bindparam("district"))


def latest_version_query(district: str) -> Statement:
    """``latest_version``'s statement and values: to send with others in one round trip (``minqing_kit.pipeline``)."""
    return LATEST_VERSION, {"district": district}


def last_trained_at(session: Session, district: str) -> datetime | None:
    return session.execute(
        select(func.max(dispatch_models.c.trained_at)).where(dispatch_models.c.district == district)
    ).scalar()


def summary(session: Session, district: str, version: int | None = None):
    """The latest (or the given) version's row without its model: version, when, samples and rates."""
    columns = [c for c in dispatch_models.c if c.name != "model"]
    query = select(*columns).where(dispatch_models.c.district == district)
    query = query.where(dispatch_models.c.version == version) if version else query
    return session.execute(query.order_by(dispatch_models.c.version.desc()).limit(1)).first()


def _read(session: Session, district: str, version: int) -> StoredModel:
    row = session.execute(
        select(dispatch_models).where(dispatch_models.c.district == district, dispatch_models.c.version == version)
    ).one()
    evaluation = Evaluation(row.trained_on, row.held_out, row.model_right, row.rules_right)
    model = HistoryModel.from_json(json.loads(row.model))
    return StoredModel(district, version, row.trained_at, row.samples, evaluation, model)


class ModelCache:
    """Each district's latest model, read again only when a newer version is stored (one indexed query per
    case tells). Shared by a process's threads."""

    def __init__(self) -> None:
        self._models: dict[str, StoredModel] = {}
        self._lock = threading.Lock()

    def latest(self, session: Session, district: str, seen: dict | None = None) -> StoredModel | None:
        """``seen``: the latest versions read earlier in the same transaction (a consumer batch's), by
        district, so that a batch asks once for each."""
        if seen is None or district not in seen:
            version = latest_version(session, district)
            if seen is not None:
                seen[district] = version
        else:
            version = seen[district]
        if version is None:
            return None
        cached = self._models.get(district)
        if cached is not None and cached.version == version:
            return cached
        try:
            loaded = _read(session, district, version)
        except ValueError as error:  # stored by another version of routing: the rules until the next training
            log.warning("history model v%s of %s not used: %s", version, district, error)
            return None
        with self._lock:
            self._models[district] = loaded
        return loaded
