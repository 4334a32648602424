"""Bounce accounting (推诿) per unit and period: the rules on a hand-checked fixture without a database,
then the API and the rankings' column through the real handlers on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from minqing_evaluation.domain.bounces import account, percentile, totals
from minqing_evaluation.domain.facts import ACCEPTED, DISPATCHED, ESCALATED, RETURNED, Fact

from .conftest import T0, event, unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV2 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 local on 2 November


def fact(n: int, kind: str, at: datetime, **data) -> Fact:
    return Fact(f"e{n}", kind, at, data)


def fixture() -> list[Fact]:
    """c1 is sent 4 cases on 2 Nov and 1 on 3 Nov (one by escalation), returns 2 of them (属地不符,
    权属不清), signs for 3 after 600, 60 and 1,800 s and is ruled once; cgj is sent the 2 returns,
    signs for one after 120 s and gets one 16:30 UTC on 2 Nov = 00:30 on 3 Nov local."""
    h = lambda hours: NOV2 + timedelta(hours=hours)  # noqa: E731
    return [
        fact(1, DISPATCHED, h(0), unit_id="c1", reason="lowest_level"),
        fact(2, DISPATCHED, h(0), unit_id="c1", reason="lowest_level"),
        fact(3, DISPATCHED, h(1), unit_id="c1", reason="lowest_level"),
        fact(4, ESCALATED, h(2), unit_id="c1", reason="deadline"),
        fact(5, DISPATCHED, h(24), unit_id="c1", reason="ruling"),
        fact(6, RETURNED, h(1), unit_id="c1", reason_code="属地不符"),
        fact(7, RETURNED, h(3), unit_id="c1", reason_code="权属不清"),
        fact(8, ACCEPTED, h(2), unit_id="c1", seconds_to_accept=600),
        fact(9, ACCEPTED, h(3), unit_id="c1", seconds_to_accept=60),
        fact(10, ACCEPTED, h(25), unit_id="c1", seconds_to_accept=1800),
        fact(11, ACCEPTED, h(4), unit_id="c1"),  # an old event without the figure: not timed
        fact(12, DISPATCHED, h(1), unit_id="cgj", reason="redispatch"),
        fact(13, DISPATCHED, h(14.5), unit_id="cgj", reason="redispatch"),
        fact(14, ACCEPTED, h(2), unit_id="cgj", seconds_to_accept=120),
    ]


def test_per_day_counts_rates_percentiles_and_rulings():
    rows = {(r.unit_id, r.period.isoformat()): r.as_dict() for r in account(fixture(), SHANGHAI, "day")}
    assert set(rows) == {("c1", "2026-11-02"), ("c1", "2026-11-03"), ("cgj", "2026-11-02"), ("cgj", "2026-11-03")}
    day1 = rows[("c1", "2026-11-02")]
    assert (day1["received"], day1["returns"], day1["bounce_rate"], day1["rulings"]) == (4, 2, 0.5, 0)
    assert day1["returns_by_reason"] == {"属地不符": 1, "权属不清": 1}
    assert (day1["accepted_timed"], day1["accept_p50"], day1["accept_p90"]) == (2, 60, 600)
    day2 = rows[("c1", "2026-11-03")]
    assert (day2["received"], day2["returns"], day2["bounce_rate"], day2["rulings"]) == (1, 0, 0.0, 1)
    assert rows[("cgj", "2026-11-03")]["received"] == 1  # 16:30 UTC is the next local day


def test_per_month_merges_the_days():
    rows = {r.unit_id: r.as_dict() for r in account(fixture(), SHANGHAI, "month")}
    c1 = rows["c1"]
    assert (c1["period"], c1["received"], c1["returns"], c1["bounce_rate"], c1["rulings"]) == (
        "2026-11-01",
        5,
        2,
        0.4,
        1,
    )
    assert (c1["accepted_timed"], c1["accept_p50"], c1["accept_p90"]) == (3, 600, 1800)
    assert rows["cgj"]["bounce_rate"] == 0.0 and rows["cgj"]["accept_p50"] == 120
    assert totals(account(fixture(), SHANGHAI, "day"))["c1"].as_dict()["bounce_rate"] == 0.4


def test_nearest_rank_percentiles():
    assert percentile([], 50) is None
    assert percentile([5], 90) == 5
    assert percentile(list(range(1, 11)), 50) == 5  # 10 values: the 5th
    assert percentile(list(range(1, 11)), 90) == 9
    assert percentile(list(range(1, 12)), 90) == 10  # 11 values: ceil(9.9) = the 10th


def test_nothing_received_has_no_rate():
    only_accept = [fact(1, ACCEPTED, NOV2, unit_id="c1", seconds_to_accept=30)]
    row = account(only_accept, SHANGHAI, "day")[0].as_dict()
    assert row["received"] == 0 and row["bounce_rate"] is None and row["accept_p50"] == 30


def test_api_and_ranking_column(service):
    at = lambda hours: T0 + timedelta(hours=hours)  # noqa: E731
    for case in ("a", "b", "c"):
        service.feed(
            event("case.received.v1", case, at(0), ticket=f"TV-{case}"),
            event("case.dispatched.v1", case, at(1), ticket=f"TV-{case}", **unit("tv-c1")),
        )
    service.feed(
        event("case.returned.v1", "c", at(2), ticket="TV-c", reason_code="属地不符", **unit("tv-c1")),
        event("case.dispatched.v1", "c", at(3), ticket="TV-c", reason="ruling", **unit("tv-c1")),
        event("case.accepted.v1", "a", at(2), ticket="TV-a", seconds_to_accept=300, **unit("tv-c1")),
        event("case.accepted.v1", "b", at(2), ticket="TV-b", seconds_to_accept=900, **unit("tv-c1")),
        event("case.accepted.v1", "c", at(4), ticket="TV-c", seconds_to_accept=3600, **unit("tv-c1")),
    )
    body = service.client.get("/api/v1/districts/testville/bounces?month=2026-11&unit=tv-c1").get_json()
    assert body["formula"]["bounce_rate"].startswith("returns / received")
    [row] = body["rows"]
    assert (row["unit_name"], row["received"], row["returns"], row["bounce_rate"], row["rulings"]) == (
        "一号社区",
        4,
        1,
        0.25,
        1,
    )
    assert (row["accept_p50"], row["accept_p90"], row["returns_by_reason"]) == (900, 3600, {"属地不符": 1})
    days = service.client.get("/api/v1/districts/testville/bounces?month=2026-11&period=day").get_json()["rows"]
    assert [(r["unit_id"], r["period"]) for r in days] == [("tv-c1", "2026-11-02")]
    rankings = service.client.get("/api/v1/districts/testville/rankings?month=2026-11").get_json()["rows"]
    c1 = next(r for r in rankings if r["unit_id"] == "tv-c1")
    assert c1["bounces"] == {
        "received": 4,
        "returns": 1,
        "bounce_rate": 0.25,
        "accept_p50": 900,
        "accept_p90": 3600,
        "rulings": 1,
    }
    c2 = next(r for r in rankings if r["unit_id"] == "tv-c2")
    assert c2["bounces"]["received"] == 0 and c2["bounces"]["bounce_rate"] is None
    page = service.client.get("/dashboard/testville?month=2026-11").get_data(as_text=True)
    assert "退单率(退单/收到派单)" in page and "25.0% (1/4)" in page and "15分钟 / 60分钟" in page


def test_bad_period_and_unknown_unit(service):
    bad = service.client.get("/api/v1/districts/testville/bounces?period=week")
    assert bad.status_code == 422 and bad.get_json()["error"]["fields"][0]["field"] == "period"
    unknown = service.client.get("/api/v1/districts/testville/bounces?unit=nobody")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "unknown_unit"
