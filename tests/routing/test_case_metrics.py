"""Routing's business metrics (issue 19 item 9): the scheduler's case gauges (by state, overdue now by
district) from one grouped count a minute, and the acceptance and resolution histograms a committed
command observes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY
from sqlalchemy import insert

from minqing_contracts.events.routing import CaseAccepted, CaseResolved
from minqing_routing.adapters.tables import cases
from minqing_routing.bootstrap import bootstrap
from minqing_routing.case_metrics import CaseFigures, observe_latencies
from minqing_routing.domain.case import Case, Effects

from .seeding import case_row

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def seed(db, district: str, *rows: tuple[str, datetime, datetime]) -> None:
    """(state, acceptance deadline, resolution deadline) per case."""
    with db.transaction() as session:
        session.execute(
            insert(cases),
            [
                case_row(
                    str(uuid.uuid4()),
                    f"M-{n}",
                    state,
                    "ht-c1",
                    "HT-C1-G01",
                    NOW - 24 * HOUR,
                    district=district,
                    acceptance_deadline=accept_by,
                    resolution_deadline=resolve_by,
                )
                for n, (state, accept_by, resolve_by) in enumerate(rows)
            ],
        )


def test_the_scheduler_counts_cases_by_state_and_overdue_now_once_a_minute(routing_settings):
    runtime = bootstrap(routing_settings)
    district, other = sorted(runtime.districts)
    seed(
        runtime.db,
        district,
        ("dispatched", NOW - HOUR, NOW + 24 * HOUR),  # not signed for in time: overdue
        ("dispatched", NOW + HOUR, NOW + 24 * HOUR),
        ("accepted", NOW - HOUR, NOW - 2 * HOUR),  # past its resolution deadline: overdue
        ("accepted", NOW - HOUR, NOW + HOUR),  # signed for late, but what applies now is resolution
        ("resolved", NOW - HOUR, NOW - HOUR),  # finished: never overdue
    )
    figures = CaseFigures(runtime)
    figures.refresh_due(NOW)
    assert sample("minqing_cases", district=district, state="dispatched") == 2
    assert sample("minqing_cases", district=district, state="accepted") == 2
    assert sample("minqing_cases", district=district, state="resolved") == 1
    assert sample("minqing_cases_overdue", district=district) == 2
    assert sample("minqing_cases_overdue", district=other) == 0

    seed(runtime.db, district, ("dispatched", NOW - HOUR, NOW + HOUR))
    figures.refresh_due(NOW + timedelta(seconds=30))  # within the minute: not counted again
    assert sample("minqing_cases_overdue", district=district) == 2
    with runtime.db.transaction() as session:
        session.execute(cases.update().where(cases.c.state == "resolved").values(state="closed"))
    figures.refresh_due(NOW + timedelta(seconds=61))
    assert sample("minqing_cases_overdue", district=district) == 3
    assert sample("minqing_cases", district=district, state="dispatched") == 3
    assert sample("minqing_cases", district=district, state="resolved") == 0  # none left in it: back to 0
    assert sample("minqing_cases", district=district, state="closed") == 1
    runtime.db.dispose()


def test_an_acceptance_and_a_resolution_are_observed_from_the_dispatch_and_the_receipt():
    case = Case("c-1", "latency_town", "T-1", "environment", False, None, None, "grid_code")
    case.dispatched_at = NOW - 3 * HOUR
    accepted = Effects(events=[CaseAccepted.model_validate(CaseAccepted.EXAMPLE)])
    resolved = Effects(events=[CaseResolved.model_validate(CaseResolved.EXAMPLE)])
    before = {
        name: sample(f"minqing_case_{name}_seconds_count", district="latency_town")
        for name in ("acceptance", "resolution")
    }
    observe_latencies(case, accepted, None, NOW)
    observe_latencies(case, resolved, NOW - 50 * HOUR, NOW)
    observe_latencies(case, Effects(), NOW - 50 * HOUR, NOW)  # nothing accepted or resolved: nothing observed
    assert sample("minqing_case_acceptance_seconds_count", district="latency_town") == before["acceptance"] + 1
    assert sample("minqing_case_acceptance_seconds_sum", district="latency_town") == 3 * 3600
    assert sample("minqing_case_resolution_seconds_count", district="latency_town") == before["resolution"] + 1
    assert sample("minqing_case_resolution_seconds_bucket", district="latency_town", le="172800.0") == 0  # > 2 days
    assert sample("minqing_case_resolution_seconds_bucket", district="latency_town", le="259200.0") == 1
