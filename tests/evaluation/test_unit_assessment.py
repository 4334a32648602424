"""The unit's annual assessment (单位年度考核) on PostgreSQL, as JSON (``GET .../units/<unit>/assessment``) and
as its board page: the year's three-party quarters per party and combined, the rates with formula and
denominator (样本不足 below the district's min_sample of 2, never a value), bounce figures, and links to
the unit's annual reviews and projects; the panel page links its units here. Unknown → 404."""

from __future__ import annotations

from .test_annual_review import open_review
from .test_followup_and_rates import case_stream
from .test_project_rating import open_project

ASSESSMENT = "/api/v1/districts/testville/units/{}/assessment"


def answered(service, case_id: str, satisfaction: str, first: str = "tv-c1", returned_to: str | None = None) -> None:
    service.feed(*case_stream(case_id, first, True, True, returned_to))
    assert service.answer(case_id, True, satisfaction).status_code == 201


def reviewed_by_the_panel(service, case_id: str) -> None:
    """The quarter's panel named by party, each member rating the matter: 满意, 基本满意, 不满意."""
    staff = service.bearer("community_handler", unit_id="tv-c1")
    for party, name, rating in [
        ("community", "社区代表甲", "satisfied"),
        ("party_rep", "党员代表乙", "basically_satisfied"),
        ("resident_rep", "居民代表丙", "not_satisfied"),
    ]:
        member = service.client.post(
            "/api/v1/districts/testville/panels/2026Q4/members", json={"party": party, "name": name}, headers=staff
        ).get_json()["id"]
        rated = service.client.post(
            "/api/v1/districts/testville/panel-ratings",
            json={"case_id": case_id, "quarter": "2026Q4", "member_id": member, "rating": rating},
            headers=staff,
        )
        assert rated.status_code == 201, rated.get_json()


def rate(found: dict, name: str) -> dict:
    return next(r for r in found["rates"] if r["name"] == name)


def test_one_rated_case_is_too_few_for_a_rate_or_a_score(service):
    answered(service, "a", "satisfied")
    found = service.client.get(ASSESSMENT.format("tv-c1")).get_json()
    satisfaction = rate(found, "satisfaction")
    assert (satisfaction["value"], satisfaction["status"]) == (None, "too_few_cases")
    assert (satisfaction["numerator"], satisfaction["denominator"]) == (1, 1)
    assert (found["score"], found["score_status"], found["min_sample"]) == (None, "too_few_cases", 2)
    page = service.client.get("/board/testville/units/tv-c1").get_data(as_text=True)
    assert "样本不足" in page and "满意和基本满意数 1 / 回访评价数 1" in page and "100.0%" not in page


def test_the_units_year_with_panel_rates_bounces_reviews_and_projects(service):
    answered(service, "a", "satisfied")
    answered(service, "b", "not_satisfied", first="tv-cgj", returned_to="tv-c1")  # 城管局 sent it back
    reviewed_by_the_panel(service, "a")
    review = open_review(service)  # 张三 of tv-c1
    project = open_project(service)  # tv-c1's
    found = service.client.get(ASSESSMENT.format("tv-c1") + "?year=2026").get_json()
    assert (found["unit_name"], found["year"]) == ("一号社区", 2026)
    satisfaction = rate(found, "satisfaction")
    assert (satisfaction["value"], satisfaction["numerator"], satisfaction["denominator"]) == (0.5, 1, 2)
    assert satisfaction["formula"] == "satisfied_or_basic / rated" and found["score_status"] == "ranked"
    q4 = found["three_party"]["quarters"][3]
    assert q4["parties"]["resident_rep"]["satisfaction"] == 0.0 and q4["parties"]["community"]["satisfaction"] == 1.0
    assert (q4["combined_satisfaction"], q4["matters"], q4["reviewed_by_all_three"]) == (0.6667, 1, 1)
    assert (found["three_party"]["annual_satisfaction"], found["three_party"]["denominator"]) == (0.6667, 1)
    assert [r["id"] for r in found["annual_reviews"]] == [review]
    assert [(p["id"], p["status"]) for p in found["projects"]] == [(project, None)]
    cgj = service.client.get(ASSESSMENT.format("tv-cgj")).get_json()["bounces"]
    assert (cgj["received"], cgj["returns"], cgj["bounce_rate"]) == (1, 1, 1.0) and "bounce_rate" in cgj["formula"]
    assert service.client.get(ASSESSMENT.format("tv-c1") + "?year=2025").get_json()["annual_reviews"] == []
    page = service.client.get("/board/testville/units/tv-c1?year=2026").get_data(as_text=True)
    assert "一号社区 2026年度考核" in page and "满意和基本满意数 1 / 回访评价数 2" in page and "50.0%" in page
    assert "66.7%" in page and "1 / 1 件三方均已评议" in page
    assert f"/board/testville/annual-review/{review}" in page and f"/board/testville/projects/{project}" in page
    panel = service.client.get("/board/testville/panel/2026Q4").get_data(as_text=True)
    assert "/board/testville/units/tv-c1?year=2026" in panel
    shown = service.client.get(f"/board/testville/annual-review/{review}").get_data(as_text=True)
    assert "/board/testville/units/tv-c1?year=2026" in shown


def test_unknown_units_districts_and_years_are_refused(service):
    unknown = service.client.get(ASSESSMENT.format("nowhere"))
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "unknown_unit"
    assert service.client.get("/api/v1/districts/elsewhere/units/tv-c1/assessment").status_code == 404
    bad_year = service.client.get(ASSESSMENT.format("tv-c1") + "?year=1999")
    assert bad_year.status_code == 422 and bad_year.get_json()["error"]["fields"][0]["field"] == "year"
    page = service.client.get("/board/testville/units/nowhere")
    assert page.status_code == 404 and "本区无单位nowhere" in page.get_data(as_text=True)
    assert "Not Found" not in page.get_data(as_text=True)
    assert service.client.get("/board/elsewhere/units/tv-c1").status_code == 404
