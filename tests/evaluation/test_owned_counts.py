"""包案 cases counted apart (issue 17 item 5): a case a leader took counts a second time under the
owned subject, with every unit metric it has, and the report shows those figures with their formulas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from minqing_evaluation.domain.facts import OWNED_SUBJECT, Fact, contributions
from minqing_evaluation.reports import owned_figures

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def facts(owned: bool) -> list[Fact]:
    unit = {"unit_id": "xl-xf", "level": "community"}
    found = [
        Fact("d", "case.dispatched.v1", T0, unit),
        Fact("a", "case.accepted.v1", T0 + timedelta(hours=1), {**unit, "within_response_deadline": True}),
        Fact("r", "case.resolved.v1", T0 + timedelta(days=2), {**unit, "on_time": False}),
        Fact(
            "s",
            "case.rated.v1",
            T0 + timedelta(days=3),
            {"unit_id": "xl-xf", "solved": True, "satisfaction": "satisfied"},
        ),
    ]
    if owned:
        found.append(Fact("o", "case.owner_assigned.v1", T0 + timedelta(hours=3), {**unit, "owner_person_id": "ld"}))
    return found


def test_an_owned_case_counts_again_under_the_owned_subject_and_an_unowned_one_does_not():
    plain, owned = contributions(facts(False), TZ), contributions(facts(True), TZ)
    assert not any(subject == OWNED_SUBJECT for _, subject, _ in plain)
    unit = {(day, metric): n for (day, subject, metric), n in owned.items() if subject == "xl-xf"}
    mine = {(day, metric): n for (day, subject, metric), n in owned.items() if subject == OWNED_SUBJECT}
    taken_day = (T0 + timedelta(hours=3)).astimezone(TZ).date()
    assert mine.pop((taken_day, "received")) == 1  # once, the day the leader took it
    assert mine == unit  # the unit's figures are not changed, and the owned ones mirror them
    assert {k: n for k, n in owned.items() if k[1] != OWNED_SUBJECT} == plain


def test_the_report_gives_the_owned_cases_rates_with_their_denominators():
    counts = {"received": 2, "dispatched": 2, "responded_on_time": 1, "resolved": 2, "resolved_on_time": 1}
    counts |= {"rated": 1, "satisfied_or_basic": 1, "solved": 1, "followups": 2}
    figures = owned_figures(counts)
    assert figures["cases"] == 2 and figures["counts"]["dispatched"] == 2
    assert figures["rates"]["response"] == 0.5 and figures["rates"]["follow_up_answer"] == 0.5
    assert figures["rates"]["reopen"] == 0.0 and figures["formulas"]["on_time_closure"] == "resolved_on_time / resolved"
    assert owned_figures({})["rates"]["satisfaction"] is None  # no denominator, no rate
