"""The daily review (每日一研判) of a community and a street on PostgreSQL: each section holds exactly the
cases of its scope and day, a supervised case leaves 督办未结 once answered, and no request text shows."""

from __future__ import annotations

from datetime import timedelta

from minqing_evaluation import daily_review

from .conftest import T0, event, unit
from .test_themes import received

DAY = T0.date()  # Monday 2 November 2026 (10:00 in Asia/Shanghai is 02:00 UTC, the same date)


def feed_a_day(service) -> None:
    hour = timedelta(hours=1)
    service.feed(
        received("c-new", T0),  # 一号社区, today
        received("c-new-2", T0 + hour, grid="TV-C2-G01"),  # 二号社区, today
        received("c-old", T0 - timedelta(days=3)),
        event("case.dispatched.v1", "c-old", T0 - timedelta(days=3), ticket="TV-c-old", **unit("tv-c1")),
        event("case.returned.v1", "c-new", T0 + hour, ticket="TV-c-new", **unit("tv-c1")),
        event("case.supervised.v1", "c-old", T0 - timedelta(days=1), ticket="TV-c-old", **unit("tv-c1")),
        received("c-late", T0 - timedelta(days=5)),
        event("case.supervised.v1", "c-late", T0 - timedelta(days=2), ticket="TV-c-late", **unit("tv-c1")),
        event("case.resolved.v1", "c-late", T0 - timedelta(days=1), ticket="TV-c-late", **unit("tv-c1")),
        received("c-reopen", T0 - timedelta(days=9)),
        event("case.reopened.v1", "c-reopen", T0 + 2 * hour, ticket="TV-c-reopen", **unit("tv-c1")),
        received("c-dup", T0 + hour),
        event(
            "case.merged.v1", "c-dup", T0 + 3 * hour, ticket="TV-c-dup", into_case_id="c-new", into_ticket="TV-c-new"
        ),
        received("c-rated", T0 - timedelta(days=4)),
        event("case.resolved.v1", "c-rated", T0 - timedelta(days=1), ticket="TV-c-rated", **unit("tv-c1")),
    )
    assert service.answer("c-rated", False, "basically_satisfied").status_code == 201  # not solved: unsatisfied


def tickets(review: dict, key: str) -> list[str]:
    return [r["ticket"] for r in review["sections"][key]]


def test_each_section_holds_the_scope_and_days_cases(service):
    feed_a_day(service)
    review = daily_review.build(service.runtime, "testville", "tv-c1", DAY)
    assert sorted(tickets(review, "received")) == ["TV-c-dup", "TV-c-new"]
    assert tickets(review, "returned") == ["TV-c-new"]
    assert tickets(review, "reopened") == ["TV-c-reopen"]
    assert tickets(review, "merged") == ["TV-c-dup"]
    assert tickets(review, "overdue") == ["TV-c-old"]  # c-late was answered after its supervision
    assert tickets(review, "unsatisfied") == ["TV-c-rated"]
    street = daily_review.build(service.runtime, "testville", "tv-s1", DAY)
    assert sorted(tickets(street, "received")) == ["TV-c-dup", "TV-c-new", "TV-c-new-2"]
    tomorrow = daily_review.build(service.runtime, "testville", "tv-c1", DAY + timedelta(days=1))
    assert tomorrow["counts"] == {**dict.fromkeys(daily_review.SECTIONS, 0), "overdue": 1}  # still not answered


def test_the_page_reads_yesterday_by_default_and_shows_no_request_text(service):
    feed_a_day(service)
    service.later(days=1)
    page = service.client.get("/review/testville/tv-c1").get_data(as_text=True)
    assert "一号社区 每日研判 2026-11-02" in page
    assert 'id="count-received">2<' in page and 'id="count-overdue">1<' in page
    assert "TV-c-rated" in page and "环境卫生" in page
    assert "楼下垃圾没人清运" not in page
    assert service.client.get("/review/testville/TV-C1-G01").status_code == 404  # a grid is not a scope
    assert service.client.get("/review/testville/tv-c1?date=2026-13-01").status_code == 422


def test_the_days_early_warnings_of_the_scope_are_listed(service):
    """As the daily check writes them (early_warnings.py): the community's grid is listed, another's not."""
    feed_a_day(service)
    from minqing_evaluation.adapters.warning_tables import early_warnings

    row = {"district": "testville", "day": DAY, "count": 6, "p_value": 0.001, "raised_at": T0}
    with service.runtime.db.transaction() as session:
        session.execute(early_warnings.insert().values(**row, grid_code="", category="", baseline=0))
        session.execute(
            early_warnings.insert().values(**row, grid_code="TV-C1-G01", category="environment", baseline=0.8)
        )
        session.execute(
            early_warnings.insert().values(**row, grid_code="TV-C2-G01", category="municipal", baseline=1.2)
        )
    review = daily_review.build(service.runtime, "testville", "tv-c1", DAY)
    assert review["warnings"] == [{"grid_code": "TV-C1-G01", "category": "environment", "count": 6, "baseline": 0.8}]
    page = service.client.get(f"/review/testville/tv-c1?date={DAY.isoformat()}").get_data(as_text=True)
    assert 'id="count-warnings">1<' in page and '<td>环境卫生</td><td class="num">6</td>' in page


def test_the_dashboard_links_the_rhythm_pages(service):
    page = service.client.get("/dashboard/testville?month=2026-11").get_data(as_text=True)
    assert 'href="/summary/testville?month=2026-11"' in page and 'href="/themes/testville"' in page
    assert 'href="/review/testville/tv-s1">测试街道每日研判</a>' in page
