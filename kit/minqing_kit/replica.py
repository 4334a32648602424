"""Reads that may be a moment stale, from a streaming replica (``READ_DATABASE_URL``), and the
replica's replication lag, which sends them back to the primary while it is too far behind.

A replica replays the primary's changes a moment later (milliseconds on a healthy network, longer
under load, while a long report holds replay back, or after an outage), so what is read there may be
behind what was just written: only figures that already arrive through events or from other people's
work (roll-ups, rates, reports, public lists) read here, never a page that shows its own user what they
have just changed, and never what a write in the same request is decided on.

The lag is measured on the replica itself: 0 when it has replayed all the WAL it received, else the
age of the last transaction it replayed (``pg_last_xact_replay_timestamp()``). That is the figure that
grows when replay falls behind; a replica cut off from its primary receives nothing and so looks
current (the primary's ``pg_stat_replication`` shows it). It is measured at most every
``READ_LAG_CHECK_SECONDS`` per process, by one request (or a scrape of ``/metrics``) at a time, the
others reading by the last figure. Beyond ``READ_MAX_LAG_SECONDS``, or while the replica does not
answer, the reads go to the primary, in read-only sessions too, until a check finds the replica back
within the threshold."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, exc, text

from .db import Database
from .settings import ServiceSettings

log = logging.getLogger(__name__)

LAG = text(
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"  # pointed at a primary: nothing to wait for
    " WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0"
    " ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 'Infinity') END"
)


class ReplicaDatabase(Database):
    """The replica's read-only database, whose ``engine`` is the primary's (a read-only pool of its own,
    opened only when needed) while the replica is more than ``max_lag_seconds`` behind or unreachable."""

    def __init__(
        self,
        url: str,
        primary_url: str,
        max_lag_seconds: float,
        check_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(url, read_only=True)
        self.fallback = Database(primary_url, read_only=True)
        self.max_lag_seconds = max_lag_seconds
        self.check_seconds = check_seconds
        self._clock = clock
        self._checked_at: float | None = None
        self._checking = threading.Lock()
        self.lag_seconds: float | None = None  # the last figure; None: the replica did not answer
        self._on_primary = False

    @property
    def engine(self) -> Engine:
        return self.fallback.engine if self.on_primary() else self.replica_engine

    @property
    def replica_engine(self) -> Engine:
        return super().engine

    def on_primary(self) -> bool:
        """Whether reads go to the primary now (measuring the lag first when it is due)."""
        self.refresh_if_due()
        return self._on_primary

    def refresh_if_due(self) -> None:
        due = self._checked_at is None or self._clock() - self._checked_at >= self.check_seconds
        if due and self._checking.acquire(blocking=self._checked_at is None):  # the very first check is awaited
            try:
                self.lag_seconds = self.measure_lag()
                self._checked_at = self._clock()
                behind = self.lag_seconds is None or self.lag_seconds > self.max_lag_seconds
                if behind != self._on_primary:
                    state = "unreachable" if self.lag_seconds is None else f"{self.lag_seconds:.1f} s behind"
                    where = "primary" if behind else "replica"
                    log.warning(
                        "read replica %s (threshold %g s): reads go to the %s", state, self.max_lag_seconds, where
                    )
                self._on_primary = behind
            finally:
                self._checking.release()

    def measure_lag(self) -> float | None:
        try:
            with self.replica_engine.connect() as connection:
                return float(connection.execute(LAG).scalar_one())
        except exc.SQLAlchemyError as error:
            log.warning("replica lag: the replica did not answer (%s)", type(error).__name__)
            return None

    def readiness(self) -> dict[str, object]:
        """For /readyz: always ok (reads fall back to the primary), with the lag and where reads go."""
        reads = "primary" if self.on_primary() else "replica"
        lag = self.lag_seconds if self.lag_seconds is not None and math.isfinite(self.lag_seconds) else None
        return {"ok": True, "lag_seconds": lag, "max_lag_seconds": self.max_lag_seconds, "reads": reads}

    def dispose(self) -> None:
        super().dispose()
        self.fallback.dispose()


def read_database(settings: ServiceSettings, primary: Database) -> Database:
    """Where a service's stale-tolerant reads go: ``READ_DATABASE_URL``'s replica (falling back to the
    primary beyond ``READ_MAX_LAG_SECONDS``) or, when that is empty, the primary itself (no second pool)."""
    if not settings.READ_DATABASE_URL:
        return primary
    return ReplicaDatabase(
        settings.READ_DATABASE_URL,
        primary.url,
        max_lag_seconds=settings.READ_MAX_LAG_SECONDS,
        check_seconds=settings.READ_LAG_CHECK_SECONDS,
    )
