"""Evaluation's resident pages (issue 18 item 8) as intake's are checked (test_resident_wcag22.py): the
rating page (the form, its errors, the four dimensions, the thanks page, a link already used, an unknown
link) and the public notice board, in Chromium at 320 px wide with JavaScript off: axe-core's WCAG 2.2 AA
rules, every tap target at least 24 px, no sideways scrolling, no English word shown."""

from __future__ import annotations

from evaluation.conftest import T0, event, keys, make_service, service, unit  # noqa: F401  (fixtures)

from .served import IN_BROWSER, phone_page
from .test_evaluation_pages import resolve_case
from .test_resident_wcag22 import NARROW, findings

pytestmark = IN_BROWSER


def test_the_rating_page_and_the_public_board_meet_wcag_22_aa_at_320_px(service):
    token, problems = resolve_case(service), []
    with phone_page(service.client.application) as page:
        page.set_viewport_size(NARROW)
        page.goto(f"{page.base}/rate/{token}")
        problems += findings(page, "60-rate-form")
        page.click("button:has-text('提交评价')")  # nothing chosen: the error summary
        problems += findings(page, "61-rate-errors")
        page.check("#solved-yes")
        page.check("#sat-basically_satisfied")
        page.click("#dimensions summary")
        page.check("#dim_speed-unclear")
        problems += findings(page, "62-rate-dimensions")
        page.click("button:has-text('提交评价')")
        problems += findings(page, "63-rate-thanks")
        page.goto(f"{page.base}/rate/{token}")
        problems += findings(page, "64-rate-already")
        page.goto(f"{page.base}/rate/not-a-token")
        problems += findings(page, "65-rate-unknown-link")
        page.goto(f"{page.base}/board/testville?quarter=2026Q4")
        assert "TV-20261102-000001" in page.inner_text("#board")  # the rated case, on its card
        problems += findings(page, "66-public-board")
        page.goto(f"{page.base}/board/testville?quarter=2020Q1")  # a quarter with nothing on it
        problems += findings(page, "67-public-board-empty")
    assert problems == [], "\n".join(problems)
