"""A consumer's state while its database does not answer: when to try again, logged when the wait
starts and when it ends (not per message), and shown in the ``minqing_consumer_waiting_for_database``
gauge."""

from __future__ import annotations

import logging
import random
import time

from .metrics import DATABASE_WAIT
from .polling import backoff_seconds

log = logging.getLogger(__name__)


class DatabaseWait:
    def __init__(self, service: str):
        self.service, self.tries, self.since, self.retry_at = service, 0, 0.0, 0.0

    @property
    def active(self) -> bool:
        return self.tries > 0

    def seconds_left(self) -> float:
        """Until the next try (0 or less: try now)."""
        return self.retry_at - time.monotonic()

    def failed(self, error: str, held: int) -> None:
        """Another try failed: the next is 0.5 s later, doubling to 30 s, each between half and all of that."""
        if not self.tries:
            self.since = time.monotonic()
            log.warning("database unavailable, holding %d messages until it answers: %s", held, error)
            DATABASE_WAIT.labels(self.service).set(1)
        self.tries += 1
        self.retry_at = time.monotonic() + backoff_seconds(self.tries) * random.uniform(0.5, 1.0)

    def ended(self) -> None:
        if self.tries:
            log.warning("database answers again after %.1f s and %d tries", time.monotonic() - self.since, self.tries)
            DATABASE_WAIT.labels(self.service).set(0)
            self.tries = 0
