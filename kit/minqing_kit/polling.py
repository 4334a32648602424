"""The loop every batch worker runs (outbox relay, deadline scheduler, delivery worker)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def backoff_seconds(failures: int) -> float:
    """0.5 s doubling to 30 s."""
    return min(30.0, 0.5 * 2.0 ** min(failures, 6))


def poll_until_stopped(
    step: Callable[[], int],
    stopping: threading.Event,
    *,
    full_batch: int,
    idle: Callable[[], None],
    what: str,
    on_error: Callable[[], None] | None = None,
    describe: Callable[[Exception], str] = lambda exc: f"{type(exc).__name__}: {exc}",
) -> None:
    """Run ``step`` (it returns how many items it handled) until ``stopping`` is set: again at once
    after a full batch, after ``idle()`` otherwise. A failure (database or broker outage) calls
    ``on_error`` and backs off exponentially, then the loop goes on."""
    failures = 0
    while not stopping.is_set():
        try:
            if step() < full_batch:
                idle()
            failures = 0
        except Exception as exc:  # keep working through any outage
            failures += 1
            wait = backoff_seconds(failures)
            log.warning("%s failed, retrying in %.1fs: %s", what, wait, describe(exc))
            if on_error is not None:
                on_error()
            stopping.wait(wait)
