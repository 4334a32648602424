"""A grid's courtyard/building file (院落档案) edited on the workbench's grid pages in Chromium (390x844), over
intake, evaluation and routing on the real broker and PostgreSQL: the grid worker opens the file from 今日走访,
edits it while the community's handler saves an edit of the same version; a field error is shown beside its
field and the stale edit shows intake's 409 in Chinese, both keeping every typed value; the edit made again on
the file read again saves, the page shows the new file and links to its history on evaluation's staff pages.
axe-core finds nothing serious on any page; every target is >= 24 px; no page scrolls sideways."""

from __future__ import annotations

from pathlib import Path

from minqing_intake import courtyards

from .browser import navigate
from .served import IN_BROWSER, checked
from .test_grid_worker_pages import NAME_ON_FILE, browser, signed_in, stack  # noqa: F401  (fixtures)

pytestmark = IN_BROWSER
GRID = "XL-XF-01-G01"  # 吴秀兰's grid: buildings xl-xf-b1..b3, 葛春燕 the messenger of b1 and b2
BUILDING_FILE = Path(__file__).resolve().parents[2] / "config" / "buildings" / "xinlin.csv"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_grid_worker_edits_the_courtyard_file_on_a_phone(stack, browser):
    assert courtyards.load_file(stack.intake, "xinlin", BUILDING_FILE) > 0  # version 1 of each grid's file
    problems: list[str] = []
    page = signed_in(browser, stack)
    navigate(page, f"#courtyard-{GRID}")
    assert page.inner_text("h1").startswith("幸福小区第一网格院落档案") and "第1版" in page.inner_text("main")
    first = page.locator("#courtyard-buildings tr[data-building='xl-xf-b1']").inner_text()
    assert "124.3962, 51.6809" in first and "砖混" in first and "葛春燕" in first
    assert "幸福社区服务站(群众工作站)" in page.inner_text("#courtyard-places")
    assert NAME_ON_FILE not in page.content() and fits(page)
    problems += checked(page, "67-grid-courtyard-phone")
    navigate(page, "#edit-courtyard")
    assert page.input_value("#building-0-floors") == "6" and page.input_value("#building-0-note") == "2003年建、无电梯"

    other = signed_in(browser, stack, person="xl-xf-h1")  # 李娜, the community's handler, on the same version
    other.goto(f"{stack.workbench}/workbench/grid/community")
    navigate(other, f"#courtyard-{GRID}")
    navigate(other, "#edit-courtyard")
    other.fill("#building-1-note", "楼顶漏水")
    navigate(other, "#save-courtyard")
    assert "现为第2版" in other.inner_text("#saved")

    page.fill("#building-0-floors", "7")
    page.fill("#building-0-units", "60")  # more than intake allows
    page.fill("#place-3-name", "老年活动室")
    page.select_option("#place-3-kind", "facility")
    page.fill("#place-3-lon", "124.3970")
    page.fill("#place-3-lat", "51.6815")
    navigate(page, "#save-courtyard")
    assert page.inner_text("#building-0-units-error") == "不得大于50"
    assert "新林镇幸福小区1号楼 单元数" in page.inner_text(".alert")
    assert page.get_attribute("#building-0-units", "aria-invalid") == "true"
    typed = {"#building-0-floors": "7", "#place-3-name": "老年活动室", "#place-3-lon": "124.3970"}
    assert {k: page.input_value(k) for k in typed} == typed and page.input_value("#place-3-kind") == "facility"
    assert fits(page)
    problems += checked(page, "68-grid-courtyard-field-error-phone")

    page.fill("#building-0-units", "3")
    navigate(page, "#save-courtyard")  # made on version 1, the file is at 2 now
    assert "您读取后该网格的院落档案已被他人修改(您修改的是第1版,现为第2版)" in page.inner_text(".alert")
    typed["#building-0-units"] = "3"
    assert {k: page.input_value(k) for k in typed} == typed and page.input_value("#building-1-note") == ""
    problems += checked(page, "69-grid-courtyard-stale-phone")
    assert courtyards.grid_file(stack.intake, "xinlin", GRID)["version"] == 2  # nothing of hers written

    navigate(page, "#stale-read-again")
    assert "楼顶漏水" in page.inner_text("#courtyard-buildings") and "第2版" in page.inner_text("main")
    navigate(page, "#edit-courtyard")
    assert page.input_value("#building-1-note") == "楼顶漏水"
    page.fill("#building-0-floors", "7")
    page.fill("#place-3-name", "老年活动室")
    page.select_option("#place-3-kind", "facility")
    navigate(page, "#save-courtyard")
    assert page.inner_text("#saved") == "已保存,院落档案现为第3版。"
    assert "7" in page.locator("#courtyard-buildings tr[data-building='xl-xf-b1'] td[data-label='层数']").inner_text()
    assert "设施" in page.locator("#courtyard-places tr", has_text="老年活动室").inner_text()
    history = page.get_attribute("#courtyard-history", "href")
    assert history.startswith("http://127.0.0.1:") and history.endswith(f"/staff/grids/{GRID}/courtyard-edits")
    assert fits(page)
    problems += checked(page, "70-grid-courtyard-saved-phone")
    saved = courtyards.grid_file(stack.intake, "xinlin", GRID)
    assert saved["version"] == 3 and saved["buildings"][0]["floors"] == 7
    assert [p["name"] for p in saved["places"] if p["kind"] == "facility"].count("老年活动室") == 1
    navigate(page, "#courtyard-history")  # evaluation answers: its staff sign-in, then the history
    assert page.is_visible("#person_id") and "/staff/login" in page.url
    assert problems == []
