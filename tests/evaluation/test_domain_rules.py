"""Domain rules in plain Python: the 30 % rule, the reopen decision, rates, ranking, order independence."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from minqing_evaluation.domain.facts import Fact, contributions
from minqing_evaluation.domain.followup import Answer, decide
from minqing_evaluation.domain.rates import Row, composite, rank, rates
from minqing_evaluation.domain.verdict import judge


@pytest.mark.parametrize(
    "dissatisfied, total, rectify",
    [
        (299, 1000, False),  # 29.9 %
        (300, 1000, False),  # exactly 30 % is not MORE than 30 %
        (301, 1000, True),  # 30.1 %
        (30, 100, False),
        (31, 100, True),
    ],
)
def test_more_than_thirty_percent_dissatisfied_requires_rectification(dissatisfied, total, rectify):
    verdict = judge(total - dissatisfied, 0, dissatisfied, min_ratings=100, threshold=0.30)
    assert verdict.final is True
    assert verdict.rectification_required is rectify


def test_result_is_final_only_from_the_minimum_number_of_ratings():
    at_99 = judge(50, 9, 40, min_ratings=100, threshold=0.30)  # 40 of 99 dissatisfied, but only 99 ratings
    at_100 = judge(50, 9, 41, min_ratings=100, threshold=0.30)
    assert (at_99.final, at_99.rectification_required) == (False, False)
    assert (at_100.final, at_100.rectification_required) == (True, True)


@pytest.mark.parametrize(
    "solved, satisfaction, so_far, expected",
    [
        (True, "satisfied", 0, ("close", None, 0)),
        (True, "basically_satisfied", 0, ("close", None, 0)),
        (False, "satisfied", 0, ("reopen", "not_solved", 1)),
        (True, "not_satisfied", 1, ("reopen", "not_satisfied", 2)),
        (False, "not_satisfied", 2, ("close", "not_solved+not_satisfied", 2)),  # limit 2 reached
        (True, "unclear", 0, ("close", None, 0)),  # 说不清 alone is not a complaint
        (False, "unclear", 0, ("reopen", "not_solved", 1)),
    ],
)
def test_reopen_until_the_limit(solved, satisfaction, so_far, expected):
    decision = decide(Answer(solved, satisfaction), so_far, reopen_limit=2)
    assert (decision.action, decision.reason, decision.reopen_count) == expected


def test_unclear_travels_as_not_satisfied_so_that_it_never_counts_as_satisfied():
    assert Answer(True, "unclear").counted_satisfaction == "not_satisfied"
    assert Answer(True, "basically_satisfied").counted_satisfaction == "basically_satisfied"


def test_rates_and_composite_by_hand():
    counts = {
        "dispatched": 8,
        "responded_on_time": 6,
        "rated": 5,
        "solved": 4,
        "satisfied_or_basic": 3,
        "returned": 2,
        "resolved": 4,
        "reopened": 1,
    }
    found = rates(counts)
    assert (found["response"], found["resolution"], found["satisfaction"]) == (0.75, 0.8, 0.6)
    assert (found["return"], found["reopen"], found["on_time_closure"]) == (0.25, 0.25, 0.0)
    # 0.3 * 0.75 + 0.3 * 0.8 + 0.4 * 0.6 = 0.705; a lower-is-better rate counts as 1 - rate
    assert composite(found, {"response": 0.3, "resolution": 0.3, "satisfaction": 0.4}) == 70.5
    assert composite(found, {"return": 1}) == 75.0
    assert composite(rates({}), {"satisfaction": 1}) is None


def test_units_below_the_minimum_sample_are_not_ranked():
    rows = [
        Row("a", "A", {}, {"satisfaction": 0.9}, 90.0, sample=5),
        Row("b", "B", {}, {"satisfaction": 1.0}, 99.0, sample=4),
        Row("c", "C", {}, {"satisfaction": 0.8}, 90.0, sample=7),
        Row("d", "D", {}, {"satisfaction": 0.5}, 60.0, sample=5),
    ]
    ranked = rank(rows, min_sample=5)
    assert [(r.unit_id, r.rank, r.status) for r in ranked] == [
        ("a", 1, "ranked"),
        ("c", 2, "ranked"),
        ("d", 3, "ranked"),
        ("b", None, "too_few_cases"),
    ]


def _stream() -> list[Fact]:
    t = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai: day boundaries matter

    def f(kind, hours, **data):
        return Fact(f"{kind}-{hours}", kind, t + timedelta(hours=hours), data)

    return [
        f("case.received.v1", 0, channel="web", classification={"category": "environment"}),
        f("case.dispatched.v1", 0.2, unit_id="u1", level="community"),
        f("case.accepted.v1", 0.3, unit_id="u1", within_response_deadline=True),
        f("case.returned.v1", 0.4, unit_id="u1"),
        f("case.dispatched.v1", 1, unit_id="u2", level="department"),
        f("case.accepted.v1", 2, unit_id="u2", within_response_deadline=False),
        f("case.reclassified.v1", 2.5, category="municipal"),
        f("case.resolved.v1", 3, unit_id="u2", on_time=True),
        f("case.rated.v1", 4, unit_id="u2", solved=False, satisfaction="not_satisfied"),
        f("case.reopened.v1", 5, unit_id="u2"),
        f("case.resolved.v1", 6, unit_id="u2", on_time=False),
        f("case.rated.v1", 7, unit_id="u2", solved=True, satisfaction="satisfied"),
    ]


def test_contributions_do_not_depend_on_the_order_of_facts():
    tz = ZoneInfo("Asia/Shanghai")
    expected = contributions(_stream(), tz)
    shuffled = _stream()
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        assert contributions(shuffled, tz) == expected
    assert expected[(datetime(2026, 11, 30).date(), "u1", "responded_on_time")] == 1
    assert expected[(datetime(2026, 12, 1).date(), "category:municipal", "received")] == 0  # received on 11-30
    assert expected[(datetime(2026, 11, 30).date(), "category:municipal", "received")] == 1


def test_a_range_reads_whole_months_from_the_roll_up_and_only_the_edges_by_day():
    from datetime import date

    from minqing_evaluation.stats import month_spans

    assert month_spans(date(2026, 1, 15), date(2026, 4, 10)) == (
        [date(2026, 2, 1), date(2026, 3, 1)],
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))],
    )
    assert month_spans(date(2026, 1, 1), date(2026, 12, 31)) == ([date(2026, m, 1) for m in range(1, 13)], [])
    assert month_spans(date(2026, 2, 3), date(2026, 2, 20)) == ([], [(date(2026, 2, 3), date(2026, 2, 20))])
