"""Two scheduler processes over 10,000 due deadlines on PostgreSQL: each case escalates exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from minqing_routing.adapters.tables import bus, history, timers
from minqing_routing.bootstrap import bootstrap
from support.workers import wait_for

from .harness import ENV
from .seeding import seed_due_cases

CLI = Path(sys.executable).parent / "minqing-routing"
COUNT = 10_000


def test_two_schedulers_escalate_each_of_10000_due_deadlines_exactly_once(routing_settings):
    runtime = bootstrap(routing_settings)
    seed_due_cases(runtime.db, COUNT)
    env = {
        **os.environ,
        **ENV,
        "DATABASE_URL": routing_settings.DATABASE_URL,
        "AMQP_URL": routing_settings.AMQP_URL,
        "SCHEDULER_BATCH_SIZE": "250",
        "SCHEDULER_IDLE_SECONDS": "0.1",
    }
    schedulers = [
        subprocess.Popen([str(CLI), "scheduler"], env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    try:
        with runtime.db.engine.connect() as connection:
            due = lambda: connection.execute(
                select(func.count())
                .select_from(timers)
                .where(  # noqa: E731
                    timers.c.done_at.is_(None), timers.c.stage == 1
                )
            ).scalar_one()
            wait_for(lambda: due() == 0, timeout=120, interval=0.5, what="every seeded timer handled")
    finally:
        for process in schedulers:
            process.send_signal(signal.SIGTERM)
        logs = [process.communicate(timeout=60)[1] for process in schedulers]
    counts = [json.loads(line) for text in logs for line in text.splitlines() if '"deadline scheduler stopped"' in line]
    assert len(counts) == 2 and all(c["fired"] > 0 for c in counts), counts  # both replicas did work
    assert sum(c["fired"] for c in counts) == COUNT
    with runtime.db.engine.connect() as connection:
        per_case = connection.execute(
            select(history.c.case_id, func.count()).where(history.c.action == "escalate").group_by(history.c.case_id)
        ).all()
        escalated_events = connection.execute(
            select(func.count()).select_from(bus.outbox).where(bus.outbox.c.event_type == "case.escalated.v1")
        ).scalar_one()
    assert len(per_case) == COUNT and {n for _, n in per_case} == {1}
    assert escalated_events == COUNT
    runtime.db.dispose()
