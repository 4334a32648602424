"""The daily early-warning job on PostgreSQL: a grid x category with a burst on the last ended day is
flagged once, to its community and its street, with the day's tickets; a steady one is not."""

from __future__ import annotations

from datetime import timedelta

from minqing_evaluation import early_warnings

from .conftest import T0
from .test_themes import received


def _history(service, grid: str, category: str, per_day: dict[int, int]) -> None:
    """``per_day``: days before T0's day -> requests that day (at 10:00 local)."""
    for days_before, count in per_day.items():
        for n in range(count):
            at = T0 - timedelta(days=days_before) + timedelta(minutes=n)
            service.feed(received(f"{grid}-{category}-{days_before}-{n}", at, grid=grid, category=category))


def test_a_burst_is_warned_once_to_community_and_street_with_its_tickets(service):
    _history(service, "TV-C1-G01", "municipal", {d: 1 for d in range(2, 29, 3)} | {1: 6})  # a burst yesterday
    _history(service, "TV-C2-G01", "environment", {d: 2 for d in range(1, 29)})  # steady: two a day
    service.runtime.clock.now = T0  # judged: the day before T0's local day
    assert early_warnings.raise_due(service.runtime) == 1
    warned = service.emitted("warning.raised.v1")
    assert [e["payload"]["unit_id"] for e in warned] == ["tv-c1", "tv-s1"]
    payload = warned[0]["payload"]
    assert (payload["grid_code"], payload["category"], payload["count"]) == ("TV-C1-G01", "municipal", 6)
    assert payload["day"] == (T0 - timedelta(days=1)).date().isoformat() and payload["category_name"] == "市政设施"
    assert sorted(payload["tickets"]) == [f"TV-TV-C1-G01-municipal-1-{n}" for n in range(6)]
    assert 0.3 < payload["baseline"] < 0.4 and payload["p_value"] < 0.0005 and "Poisson" in payload["rule"]
    assert early_warnings.raise_due(service.runtime) == 0  # the day is judged once
    assert len(service.emitted("warning.raised.v1")) == 2
