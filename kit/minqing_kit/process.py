"""Run a long-lived worker until SIGTERM or SIGINT, then let it drain and exit."""

from __future__ import annotations

import logging
import signal
from types import FrameType
from typing import Protocol

log = logging.getLogger(__name__)


class Worker(Protocol):
    def run(self) -> None: ...

    def stop(self) -> None: ...


def run_until_stopped(worker: Worker, name: str) -> None:
    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("%s: %s received, finishing in-flight work", name, signal.Signals(signum).name)
        worker.stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    log.info("%s: started", name)
    worker.run()
    log.info("%s: stopped", name)
