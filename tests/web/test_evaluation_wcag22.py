"""Evaluation's resident pages (issue 18 item 8) as intake's are checked (test_resident_wcag22.py), in
Chromium at 320 px wide with JavaScript off: axe-core's WCAG 2.2 AA rules, every tap target at least
24 px, no sideways scrolling, no English word shown. The rating page (the form, its errors, the four
dimensions, the thanks page, a link already used, an unknown link), the public notice board, and every
other page on the residents' layout: the meetings' calendar and a meeting, the six-step deliberations
and one matter, a year's annual reviews and one review, the quarter's panel, a unit's year, the projects,
one project and its rating page (its errors, the household's thanks), the monthly themes and one theme.
One service and one browser for them all, the data seeded once."""

from __future__ import annotations

from datetime import timedelta

from evaluation.conftest import T0, event, keys, make_service, service, unit  # noqa: F401  (fixtures)
from evaluation.test_deliberations_api import STEPS, open_matter, step
from evaluation.test_project_rating import LEADER, open_project, start_round, tokens

from .browser import navigate
from .served import IN_BROWSER
from .test_evaluation_pages import resolve_case
from .test_meeting_pages import held_meeting
from .test_resident_wcag22 import NARROW, findings
from .test_review_pages import concluded_review, named_panel
from .test_theme_pages import theme_with_history

pytestmark = IN_BROWSER


def rating_pages(page, token: str) -> list[str]:
    page.goto(f"{page.base}/rate/{token}")
    problems = findings(page, "60-rate-form")
    navigate(page, "button:has-text('提交评价')")  # nothing chosen: the error summary
    problems += findings(page, "61-rate-errors")
    page.check("#solved-yes")
    page.check("#sat-basically_satisfied")
    page.click("#dimensions summary")
    page.check("#dim_speed-unclear")
    problems += findings(page, "62-rate-dimensions")
    navigate(page, "button:has-text('提交评价')")
    problems += findings(page, "63-rate-thanks")
    page.goto(f"{page.base}/rate/{token}")
    problems += findings(page, "64-rate-already")
    page.goto(f"{page.base}/rate/not-a-token")
    problems += findings(page, "65-rate-unknown-link")
    page.goto(f"{page.base}/board/testville?quarter=2026Q4")
    assert "TV-20261102-000001" in page.inner_text("#board")  # the rated case, on its card
    problems += findings(page, "66-public-board")
    page.goto(f"{page.base}/board/testville?quarter=2020Q1")  # a quarter with nothing on it
    return problems + findings(page, "67-public-board-empty")


def project_pages(page, project: str, link: str) -> list[str]:
    page.goto(f"{page.base}/board/testville/projects")
    problems = findings(page, "70-projects")
    page.goto(f"{page.base}/rate/{link}")
    problems += findings(page, "71-project-rate")
    navigate(page, "button:has-text('提交评议')")  # nothing chosen: the summary names the question
    problems += findings(page, "72-project-rate-errors")
    page.check("#rating-basically_satisfied")
    navigate(page, "button:has-text('提交评议')")
    assert "本户的评议已记录" in page.inner_text("#thanks")
    problems += findings(page, "73-project-thanks")
    page.goto(f"{page.base}/board/testville/projects/{project}")
    return problems + findings(page, "74-project")


def test_every_resident_page_of_evaluation_meets_wcag_22_aa_at_320_px(service, phone_page):
    token = resolve_case(service)
    meeting = held_meeting(service)
    matter = open_matter(service)
    for record in STEPS[:3]:
        step(service, matter, record)
    review = concluded_review(service)
    named_panel(service, "20261102-000002")  # ticket TV-20261102-000002: a ticket, not an English word
    project = open_project(service)
    service.client.post(
        f"/api/v1/projects/{project}/progress", json={"note": "电梯井道施工完成"}, headers=service.bearer(*LEADER)
    )
    link = tokens(start_round(service, project, households=3))[0]
    month = (T0 + timedelta(days=31)).strftime("%Y-%m")
    problems = []
    with phone_page(service.client.application) as page:
        page.set_viewport_size(NARROW)
        problems += rating_pages(page, token)
        for name, path, shown in (  # shown: what was seeded is on the page
            ("68-meetings", f"/meetings/testville?month={month}", "4号楼漏水协调会"),
            ("69-meeting", f"/meetings/testville/{meeting['id']}", "费用由维修基金列支"),
            ("75-deliberations", "/deliberations/testville", "已公示3/6步"),
            ("76-deliberation", f"/deliberations/testville/{matter}", "赞成 25 票"),
            ("77-annual-reviews", "/board/testville/annual-reviews/2026", "基本称职"),
            ("78-annual-review", f"/board/testville/annual-review/{review}", "不满意率 40.0%"),
            ("79-panel", "/board/testville/panel/2026Q4", "居民代表丙"),
            ("80-unit", "/board/testville/units/tv-c1?year=2026", "一号社区 2026年度考核"),
            ("83-meeting-unknown", "/meetings/testville/nope", "未找到该会议"),
        ):
            page.goto(page.base + path)
            assert shown in page.inner_text("main"), name
            problems += findings(page, name)
        problems += project_pages(page, project, link)
        theme = theme_with_history(service)  # last: it sets the clock twelve weeks on
        page.goto(f"{page.base}/themes/testville")
        problems += findings(page, "81-themes")
        page.goto(f"{page.base}/themes/testville/{theme['id']}")
        assert page.locator("#theme-weeks tbody tr").count() == 12  # the effect and its weeks
        problems += findings(page, "82-theme")
    assert problems == [], "\n".join(problems)
