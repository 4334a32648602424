"""The weekly bulletin (每周一通报) on PostgreSQL: after the week, each unit gets its own figures and its
rank among its peers once; a unit below the minimum sample is told it is not ranked."""

from __future__ import annotations

from datetime import timedelta

from minqing_evaluation import bulletins

from .conftest import T0, event, unit
from .test_themes import received


def rated(service, case_id: str, community: str, satisfaction: str, on_time: bool = True) -> None:
    ticket, grid = f"TV-{case_id}", "TV-C1-G01" if community == "tv-c1" else "TV-C2-G01"
    service.feed(
        received(case_id, T0, grid=grid),
        event("case.dispatched.v1", case_id, T0, ticket=ticket, **unit(community)),
        event("case.accepted.v1", case_id, T0, ticket=ticket, within_response_deadline=on_time, **unit(community)),
        event("case.resolved.v1", case_id, T0 + timedelta(hours=3), ticket=ticket, **unit(community)),
    )
    assert service.answer(case_id, True, satisfaction).status_code == 201


def test_each_unit_gets_its_weeks_figures_and_rank_once(service):
    rated(service, "b-1", "tv-c1", "satisfied")
    rated(service, "b-2", "tv-c1", "not_satisfied", on_time=False)
    rated(service, "b-3", "tv-c2", "satisfied")  # one rating: below min_sample (2), unranked
    bulletins.issue_due(service.runtime)  # on T0 itself: the week before's bulletins (all zero)
    before = len(service.emitted("bulletin.issued.v1"))
    service.later(days=7)  # Monday 9 November: the week of 2-8 November is complete
    issued = bulletins.issue_due(service.runtime)
    assert issued == 4  # two communities of the street, the street, the department
    assert bulletins.issue_due(service.runtime) == 0  # once
    sent = {
        e["payload"]["unit_id"]: e["payload"]
        for e in service.emitted("bulletin.issued.v1")[before:]
        if e["payload"]["week_start"] == "2026-11-02"
    }
    assert set(sent) == {"tv-c1", "tv-c2", "tv-s1", "tv-cgj"}
    c1, c2 = sent["tv-c1"], sent["tv-c2"]
    assert (c1["rank"], c1["peers"], c1["week_end"]) == (1, 2, "2026-11-08")
    assert (c1["dispatched"], c1["rated"], c1["response_rate"], c1["satisfaction_rate"]) == (2, 2, 0.5, 0.5)
    assert (c2["rank"], c2["rated"], c2["satisfaction_rate"]) == (None, 1, 1.0)
    assert sent["tv-cgj"]["level"] == "department" and sent["tv-cgj"]["dispatched"] == 0
