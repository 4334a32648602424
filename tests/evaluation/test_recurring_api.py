"""Recurring problems on PostgreSQL: the month's requests fed as case.received.v1 facts, the API's
ranked and explained problems (with the formula), its refusals, the dashboard's section, and the
scheduler keeping the stored months fresh."""

from __future__ import annotations

from datetime import timedelta

from minqing_evaluation import recurring_problems

from .conftest import T0
from .test_recurring import PAIRS, PLANTED
from .test_themes import received


def _month(service) -> None:
    noise = sorted({side["text"] for pair in PAIRS[:90] for side in (pair["a"], pair["b"])})
    for n, text in enumerate(noise):
        grid = "TV-C1-G01" if n % 2 else "TV-C2-G01"
        service.feed(received(f"n{n}", T0 + timedelta(hours=n), grid=grid, category="other", content=text))
    for n, text in enumerate(PLANTED["water_pressure"]["texts"]):
        grid = "TV-C1-G01" if n % 2 else "TV-C2-G01"
        service.feed(received(f"w{n}", T0 + timedelta(days=n), grid=grid, category="municipal", content=text))


def test_the_month_s_recurring_problem_is_ranked_and_explained(service):
    _month(service)
    answer = service.client.get("/api/v1/districts/testville/recurring-problems?month=2026-11")
    assert answer.status_code == 200, answer.json
    [water] = [p for p in answer.json["problems"] if p["category"] == "municipal"]
    assert (water["size"], water["spread"], water["street_name"]) == (8, 2, "测试街道")
    assert "水压" in water["top_words"] and water["category_name"] == "市政设施"
    assert {g["grid_code"]: g["cases"] for g in water["grids"]} == {"TV-C1-G01": 4, "TV-C2-G01": 4}
    assert len(water["sample_tickets"]) == 3 and all(t.startswith("TV-w") for t in water["sample_tickets"])
    assert "over-represented" in answer.json["method"]
    october = service.client.get("/api/v1/districts/testville/recurring-problems?month=2026-10").json
    assert october["problems"] == []
    page = service.client.get("/dashboard/testville?month=2026-11").get_data(as_text=True)
    assert 'id="recurring"' in page and "水压" in page and water["sample_tickets"][0] in page


def test_a_bad_order_or_month_is_a_clear_error_and_an_unknown_district_is_404(service):
    bad = service.client.get("/api/v1/districts/testville/recurring-problems?order=loudest")
    assert bad.status_code == 422 and bad.json["error"]["fields"][0]["field"] == "order"
    assert service.client.get("/api/v1/districts/testville/recurring-problems?month=2026-13").status_code == 422
    assert service.client.get("/api/v1/districts/nowhere/recurring-problems").status_code == 404


def test_the_scheduler_stores_the_months_and_pages_read_what_it_stored(service):
    service.runtime.clock.now = T0 + timedelta(days=20)
    assert recurring_problems.refresh_due(service.runtime) == 2  # November (current) and October
    assert recurring_problems.refresh_due(service.runtime) == 0  # both fresh
    stored = service.client.get("/api/v1/districts/testville/recurring-problems?month=2026-11").json
    assert stored["problems"] == [] and stored["computed_at"].startswith("2026-11-22")
    _month(service)  # the month's requests arrive after the scheduler's pass
    assert service.client.get("/api/v1/districts/testville/recurring-problems").json["problems"] == []
    service.runtime.clock.now += timedelta(hours=1, minutes=1)
    assert recurring_problems.refresh_due(service.runtime) == 1  # only the current month is computed again
    fresh = service.client.get("/api/v1/districts/testville/recurring-problems?order=growth").json
    assert [p["category"] for p in fresh["problems"]] == ["municipal"] and fresh["order"] == "growth"
