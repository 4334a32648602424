"""Run a service's long-lived workers (relay, consumer, scheduler) in threads for a test."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def running(*workers) -> Iterator[None]:
    threads = [threading.Thread(target=w.run, daemon=True, name=type(w).__name__) for w in workers]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for worker in workers:
            worker.stop()
        for thread in threads:
            thread.join(timeout=30)
            assert not thread.is_alive(), f"{thread.name} did not stop within 30 s"


def wait_for(condition: Callable[[], object], timeout: float = 20.0, interval: float = 0.05, what: str = ""):
    """Poll until ``condition()`` is truthy; return its value or fail with what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
        time.sleep(interval)
