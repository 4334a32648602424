"""The review pages on the public board, in-process on PostgreSQL and at phone size in Chromium: a year's
annual reviews (双述双评) and one review with both ballots, grade, procedures and inputs; a quarter's
three-party panel (三方评事) with its members by party and the results per unit, whose unit names lead to
the unit's page (单位年度考核)."""

from __future__ import annotations

import os

import pytest
from evaluation.conftest import T0, event, keys, make_service, service, unit  # noqa: F401  (fixtures)
from evaluation.test_annual_review import conclude, open_review, votes
from evaluation.test_followup_and_rates import case_stream
from evaluation.test_unit_assessment import reviewed_by_the_panel

from .browser import available, navigate
from .served import checked


def concluded_review(service) -> str:
    review = open_review(service)
    votes(service, review, "superior", ["satisfied"] * 3)
    votes(service, review, "residents", ["satisfied"] * 6 + ["not_satisfied"] * 4)
    assert conclude(service, review, "basically_competent").status_code == 200
    return review


def named_panel(service, case_id: str = "n") -> None:
    """A case rated by its resident and by the quarter's panel (its ticket is TV-<case_id>)."""
    service.feed(*case_stream(case_id, "tv-c1", True, True))
    service.answer(case_id, True, "satisfied")
    reviewed_by_the_panel(service, case_id)


def test_the_review_pages_show_ballots_procedures_inputs_and_the_panel(service):
    review = concluded_review(service)
    listed = service.client.get("/board/testville/annual-reviews/2026").get_data(as_text=True)
    assert "张三" in listed and "40.0%(10票)" in listed and "基本称职" in listed
    page = service.client.get(f"/board/testville/annual-review/{review}").get_data(as_text=True)
    assert "不满意率 40.0% = 不满意 4 / 有效票 10" in page
    assert "责令辞职或启动罢免程序" in page and "启动罢免程序" in page and "限期整改" in page
    assert service.client.get(f"/board/elsewhere/annual-review/{review}").status_code == 404
    assert service.client.get("/board/testville/annual-reviews/99999").status_code == 404
    named_panel(service)
    panel = service.client.get("/board/testville/panel/2026Q4").get_data(as_text=True)
    assert "居民代表:居民代表丙" in panel and "一号社区" in panel and "1 / 1 件" in panel


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_review_pages_read_on_a_phone(service, phone_page):
    review = concluded_review(service)
    named_panel(service)
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/board/testville/annual-review/{review}")
        assert "基本称职" in phone.inner_text("#grade")
        problems = checked(phone, "42-annual-review-phone")
        phone.goto(f"{phone.base}/board/testville/annual-reviews/2026")
        problems += checked(phone, "43-annual-reviews-phone")
        phone.goto(f"{phone.base}/board/testville/panel/2026Q4")
        problems += checked(phone, "44-panel-phone")
        navigate(phone, "#panel-results a")  # the unit's name leads to its page (单位年度考核)
        assert "一号社区 2026年度考核" in phone.inner_text("h1")
        problems += checked(phone, "63-unit-phone")
    assert problems == []
