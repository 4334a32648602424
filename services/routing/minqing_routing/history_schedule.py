"""Retraining each district's history model on its schedule (``dispatch_model.retrain_hours``), run by
routing's scheduler between its deadline sweeps: at most one look a minute at which districts are due."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from . import history_dispatch, history_models
from .bootstrap import Runtime

log = logging.getLogger(__name__)
LOOK_EVERY = timedelta(minutes=1)


def due(runtime: Runtime, now: datetime) -> list[str]:
    """The districts whose last training (or last try with too little history) is older than their interval."""
    found = []
    with runtime.db.transaction() as session:
        for code, district in runtime.districts.items():
            last = history_models.last_trained_at(session, code)
            if last is None or now - last >= timedelta(hours=district.config.dispatch_model.retrain_hours):
                found.append(code)
    return found


class RetrainSchedule:
    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.next_look: datetime | None = None
        self.tried: dict[str, datetime] = {}  # too little history: tried again after the interval, not each minute

    def run_due(self, now: datetime) -> list[history_dispatch.Training]:
        if self.next_look is not None and now < self.next_look:
            return []
        self.next_look = now + LOOK_EVERY
        done = []
        for code in due(self.runtime, now):
            hours = self.runtime.districts[code].config.dispatch_model.retrain_hours
            if code in self.tried and now - self.tried[code] < timedelta(hours=hours):
                continue
            try:
                training = history_dispatch.train(self.runtime, code, now)
            except IntegrityError:  # another scheduler replica stored this version first
                log.info("history model of %s trained by another replica", code)
                continue
            if training.version is None:
                self.tried[code] = now
            done.append(training)
        return done
