"""Retraining each district's history model on its schedule (``dispatch_model.retrain_hours``), never in
routing's deadline scheduler (a training of 20,000 cases holds a process ~1.6 s, bench/README.md): by
``minqing-routing train-dispatch --due`` once (Kubernetes runs it as the CronJob routing-train-dispatch) or
``--watch``, a process of its own that looks once a minute which districts are due (compose, ``make up``)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from minqing_kit.polling import poll_until_stopped

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
            except IntegrityError:  # another training process stored this version first
                log.info("history model of %s trained by another replica", code)
                continue
            if training.version is None:
                self.tried[code] = now
            done.append(training)
        return done


class TrainingWatch:
    """``train-dispatch --watch``: trains each district when it is due, looking every ``idle_seconds``
    (a minute), until stopped; a process of its own, so no deadline waits for a training."""

    def __init__(
        self, runtime: Runtime, idle_seconds: float | None = None, clock: Callable[[], datetime] | None = None
    ):
        self.schedule = RetrainSchedule(runtime)
        self.idle_seconds = LOOK_EVERY.total_seconds() if idle_seconds is None else idle_seconds
        self.clock = clock or runtime.now
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        poll_until_stopped(
            self._look,
            self.stopping,
            full_batch=1,
            idle=lambda: self.stopping.wait(self.idle_seconds),
            what="history model training",
        )

    def _look(self) -> int:
        self.schedule.run_due(self.clock())
        return 0  # then wait: a district is due once a day by default
