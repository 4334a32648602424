"""The scheduler process: expires unanswered follow-ups and writes the reports that are due.

Several replicas may run: expiry claims rows with FOR UPDATE SKIP LOCKED, and a report is stored
once per (district, kind, period) whoever writes it first."""

from __future__ import annotations

import dataclasses
import logging
import threading

from . import (
    bulletins,
    day_so_far,
    early_warnings,
    followups,
    grid_oversight,
    grid_reports,
    meeting_work,
    project_rounds,
    recurring_problems,
    reports,
    theme_links,
)
from .bootstrap import Runtime

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, runtime: Runtime, interval: float | None = None):
        # what it stores and sends (reports, bulletins, warnings) is built from the primary, never from a
        # replica that may be a moment behind (READ_DATABASE_URL serves the web's reads only)
        self.runtime = dataclasses.replace(runtime, read_db=runtime.db)
        self.interval = interval if interval is not None else runtime.settings.SCHEDULER_INTERVAL_SECONDS
        self.stopping = threading.Event()
        self.day_so_far = day_so_far.DaySoFar()  # early warnings during the day: its throttle and history

    def stop(self) -> None:
        self.stopping.set()

    def run_once(self) -> dict:
        expired = 0
        while True:
            done = followups.expire_due(self.runtime, self.runtime.settings.SCHEDULER_BATCH)
            expired += done
            if done < self.runtime.settings.SCHEDULER_BATCH or self.stopping.is_set():
                break
        written = reports.write_due(self.runtime)
        meeting_tasks = meeting_work.flag_overdue(self.runtime, self.runtime.settings.SCHEDULER_BATCH)
        if meeting_tasks:
            log.info("flagged %d meeting tasks overdue", meeting_tasks)
        grid_work = grid_oversight.flag_due(self.runtime) + grid_reports.issue_due(self.runtime)
        if grid_work:
            log.info("sent %d visit duty flags and monthly 民情信息 reports", grid_work)
        overdue = project_rounds.flag_overdue(self.runtime, self.runtime.settings.SCHEDULER_BATCH)
        theme_tasks = theme_links.flag_overdue(self.runtime, self.runtime.settings.SCHEDULER_BATCH)
        if theme_tasks:
            log.info("flagged %d theme tasks overdue", theme_tasks)
        issued = bulletins.issue_due(self.runtime)
        if issued:
            log.info("issued %d weekly bulletins", issued)
        warnings = early_warnings.raise_due(self.runtime) + self.day_so_far.raise_due(self.runtime)
        recurring_problems.refresh_due(self.runtime)  # the current month hourly: about a minute for a large district
        if warnings:
            log.info("raised %d early warnings (未诉先办)", warnings)
        if expired or written or overdue:
            log.info("expired %d follow-ups, wrote %d reports, flagged %d rectifications", expired, written, overdue)
        return {
            "expired": expired,
            "reports": written,
            "rectifications_overdue": overdue,
            "theme_tasks_overdue": theme_tasks,
            "bulletins": issued,
        }

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.run_once()
            except Exception:  # keep scheduling through database outages
                log.exception("scheduler pass failed")
            self.stopping.wait(self.interval)
