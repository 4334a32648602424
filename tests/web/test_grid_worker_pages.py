"""The grid worker's phone pages and the community's grid page in Chromium (390x844) over intake,
evaluation and routing on the real broker and PostgreSQL: sign in at the workbench, today's households
least recently visited first with no names or phones, record a visit whose matters become a case, an
on-the-spot fix and an opinion, the 民情日记 and the quota; the same form without JavaScript; a visit
typed while the connection is down, queued on the phone and sent three times when it returns: exactly
one visit and one case; the community's grids with team, unvisited households, coverage and map, for
that community's handler only. axe-core finds nothing serious on any page; every target is >= 24 px."""

from __future__ import annotations

import json
import os

import pytest

from support.workers import wait_for

from .browser import DESK, PHONE, available, navigate
from .grid_stack import PASSWORD, grid_stack
from .served import checked

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not available() and not os.environ.get("CI"),
        reason="needs playwright, /usr/bin/chromium and web/node_modules (npm install in web/)",
    ),
]
WORKER = "xl-xf-g1"  # 吴秀兰, grid worker of XL-XF-01-G01 (12 households in the demo file)
NAME_ON_FILE, PHONE_ON_FILE = "高淑珍", "18662856232"  # a contact in the household file: sealed, never shown


@pytest.fixture
def stack(make_settings):
    with grid_stack(make_settings) as running:
        yield running


@pytest.fixture
def browser(browser):
    """The package's Chromium (conftest.py), under the name test_proxy_filing_pages imports from here."""
    return browser


def signed_in(browser, stack, javascript: bool = True, person: str = WORKER, viewport: dict = PHONE):
    context = browser.new_context(viewport=viewport, locale="zh-CN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{stack.workbench}/workbench/login")
    page.select_option("#district", "xinlin")
    page.fill("#person_id", person)
    page.fill("#password", PASSWORD)
    navigate(page, "button:has-text('登录')")
    return page


def fill_visit(page) -> None:
    page.fill("#matter-0-content", "3号楼楼道的路灯坏了一个月,老人晚上不敢下楼。")
    page.select_option("#matter-0-outcome", "case")
    page.fill("#matter-1-content", "暖气不热,当场联系物业放了气。")
    page.select_option("#matter-1-outcome", "resolved")
    page.fill("#matter-2-content", "希望小区多装几个健身器材。")


def choose_two_households(page) -> list[str]:
    """On today's list: the first two households (both never visited), then 记录走访."""
    picks = page.locator("ul.households li[data-household]").evaluate_all("rows => rows.map(r => r.dataset.household)")
    for household in picks[:2]:
        page.check(f"#pick-{household}")
    navigate(page, "#visit-XL-XF-01-G01")
    return picks[:2]


def test_a_grid_worker_visits_on_a_phone_and_the_diary_and_quota_show_it(stack, browser):
    problems: list[str] = []
    page = signed_in(browser, stack)
    assert page.url.endswith("/workbench/grid")
    problems += checked(page, "grid-today-phone")
    text = page.inner_text("main")
    assert text.count("从未走访") == 12 and "独居老人" in text
    assert NAME_ON_FILE not in page.content() and PHONE_ON_FILE not in page.content()
    chosen = choose_two_households(page)
    assert [page.is_checked(f"#h-{h}") for h in chosen] == [True, True]
    fill_visit(page)
    problems += checked(page, "grid-visit-phone")
    page.click("#record")
    page.wait_for_url("**/workbench/grid/diary**")
    assert page.is_visible("#recorded")
    assert "走访 1 次,入户 2 户;立案 1 件,当场解决 1 件,意见建议 1 条" in page.inner_text("#counts")
    assert page.locator("#visits .ticket").count() == 1
    assert page.inner_text("#visits .case-status") == "已受理"  # the filed case as it stands now
    problems += checked(page, "grid-diary-phone")
    assert (stack.visits(), stack.cases()) == (1, 1)
    page.goto(f"{stack.workbench}/workbench/grid")
    assert page.inner_text("main").count("从未走访") == 10 and page.inner_text("main").count("今天已走访") == 2

    def counted():
        page.goto(f"{stack.workbench}/workbench/grid/quota")
        return "走访户数\n2" in page.inner_text("#month-figures")

    wait_for(counted, timeout=30, what="evaluation counting the visit")
    assert page.inner_text("#quota").count("每周走访天数") == 1
    problems += checked(page, "grid-quota-phone")
    assert problems == []


def test_the_visit_form_works_without_javascript(stack, browser):
    page = signed_in(browser, stack, javascript=False)
    choose_two_households(page)
    fill_visit(page)
    page.fill("#matter-0-content", "短")  # too short for a case: refused, what was typed stays
    navigate(page, "#record")  # JavaScript off: the form's own POST
    assert "事项 1内容" in page.inner_text(".alert")  # intake's reason, named by the form's label
    assert page.input_value("#matter-1-content") == "暖气不热,当场联系物业放了气。"
    assert (stack.visits(), stack.cases()) == (0, 0)
    page.fill("#matter-0-content", "3号楼楼道的路灯坏了一个月,老人晚上不敢下楼。")
    page.click("#record")
    page.wait_for_url("**/workbench/grid/diary**")
    assert (stack.visits(), stack.cases()) == (1, 1)


def test_a_visit_typed_offline_is_kept_queued_and_sent_once_when_the_connection_returns(stack, browser):
    problems: list[str] = []
    page = signed_in(browser, stack)
    choose_two_households(page)
    page.context.set_offline(True)
    fill_visit(page)
    draft = json.loads(page.evaluate("() => localStorage.getItem('minqing.visits.draft')"))
    assert ["matter-0-content", "3号楼楼道的路灯坏了一个月,老人晚上不敢下楼。"] in draft["fields"]
    page.click("#record")
    status = page.locator("#queue-status")
    status.wait_for(state="visible")
    assert "1 次走访已保存在本机" in status.inner_text()
    problems += checked(page, "grid-visit-queued-phone")
    assert (stack.visits(), stack.cases()) == (0, 0)
    # the answer of a first send lost on the way: the same visit is in the queue twice more
    page.evaluate(
        """() => { const q = JSON.parse(localStorage.getItem('minqing.visits.queued'));
                   localStorage.setItem('minqing.visits.queued', JSON.stringify([q[0], q[0], q[0]])); }"""
    )
    page.context.set_offline(False)
    page.wait_for_url("**/workbench/grid/diary**", timeout=20000)
    assert page.evaluate("() => localStorage.getItem('minqing.visits.queued')") == "[]"
    assert (stack.visits(), stack.cases()) == (1, 1)
    assert "走访 1 次,入户 2 户;立案 1 件" in page.inner_text("#counts")
    assert problems == []


def test_the_community_grid_page_shows_each_grid_its_team_the_unvisited_households_and_coverage(stack, browser):
    problems: list[str] = []
    worker = signed_in(browser, stack)
    choose_two_households(worker)
    worker.click("#record")
    worker.wait_for_url("**/workbench/grid/diary**")
    for viewport, name in ((DESK, "desk"), (PHONE, "phone")):
        page = signed_in(browser, stack, person="xl-xf-h1", viewport=viewport)  # 李娜, 幸福社区's handler
        page.goto(f"{stack.workbench}/workbench/grid/community")
        assert page.inner_text("#community-name") == "幸福社区"
        row = page.locator("#community-grids tr[data-grid='XL-XF-01-G01']")
        assert row.locator(".unvisited").inner_text() == "10"  # 12 on file, 2 visited today
        assert page.locator("svg.map polygon").count() >= 1
        assert "网格员:吴秀兰" in page.inner_text("#grid-XL-XF-01-G01")
        assert NAME_ON_FILE not in page.content() and PHONE_ON_FILE not in page.content()
        problems += checked(page, f"grid-community-{name}")

    def covered():
        page.reload()
        return "2 / " in row.locator(".coverage").inner_text()

    wait_for(covered, timeout=30, what="evaluation's coverage of the visit")
    page.goto(f"{stack.workbench}/workbench/grid/diary?person={WORKER}")  # her community reads her 民情日记
    assert page.inner_text("h1").startswith("吴秀兰的民情日记") and "走访 1 次,入户 2 户" in page.inner_text("#counts")
    street = signed_in(browser, stack, person="xl-xl-s1", viewport=DESK)  # 刘海燕, supervisor of 新林街道
    street.goto(f"{stack.workbench}/workbench/oversight")
    unvisited = street.locator("#unvisited-grids tr[data-grid]")
    listed = {unvisited.nth(i).get_attribute("data-grid") for i in range(unvisited.count())}
    assert listed == {"XL-XF-01-G02", "XL-XF-01-G03", "XL-LH-01-G01", "XL-LH-01-G02"} | {
        f"XL-XA-01-G0{n}" for n in (1, 2, 3)
    }  # her street's grids but the one visited today; none of 城关街道's
    assert "从未走访" in street.inner_text("#unvisited-grids")
    elsewhere = signed_in(browser, stack, person="xl-lh-h1")  # another community's handler
    elsewhere.goto(f"{stack.workbench}/workbench/grid/community?community=xl-xf")
    assert "幸福社区" not in elsewhere.inner_text("#community-name")
    assert problems == []
