"""Rankings and a duplicate cluster: a case merged into another is answered with it and its resident
rates it; the rating counts for the unit unless the district counts a cluster once. Pure domain."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from minqing_evaluation.domain.facts import CLUSTER_ANSWERED, RATED, RESOLVED, Fact, case_view, contributions

from .conftest import T0

TZ = ZoneInfo("Asia/Shanghai")
ANSWER = {"unit_id": "tv-c1", "unit_name": "一号社区", "level": "community", "outcome": "reply", "reply": "已清运"}
RATING = {"unit_id": "tv-c1", "solved": True, "satisfaction": "satisfied"}


def _merged_case() -> list[Fact]:
    return [
        Fact("e1", CLUSTER_ANSWERED, T0, {"ticket": "TV-2", "cluster_ticket": "TV-1", **ANSWER}),
        Fact("e2", RATED, T0 + timedelta(days=1), RATING),
    ]


def _metrics(counts) -> dict[str, int]:
    return {metric: n for (_, subject, metric), n in counts.items() if subject == "tv-c1"}


def test_a_merged_case_s_rating_counts_for_the_unit_unless_the_cluster_counts_once():
    assert _metrics(contributions(_merged_case(), TZ)) == {
        "followups": 1,
        "rated": 1,
        "solved": 1,
        "satisfied": 1,
        "satisfied_or_basic": 1,
    }
    assert _metrics(contributions(_merged_case(), TZ, cluster_once=True)) == {}


def test_a_cluster_is_resolved_once_and_counting_once_leaves_its_own_case_alone():
    handled = [Fact("e3", RESOLVED, T0, {**ANSWER, "on_time": True}), Fact("e4", RATED, T0, RATING)]
    assert _metrics(contributions(handled, TZ, cluster_once=True))["rated"] == 1
    assert "resolved" not in _metrics(contributions(_merged_case(), TZ))  # answered with the cluster, not by itself
    assert case_view(_merged_case())["reply"] == "已清运" and case_view(_merged_case())["unit_id"] == "tv-c1"
