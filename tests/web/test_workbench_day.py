"""A community handler's day in Chromium on `make up`'s stack, with 250 open and 300 finished cases: the inbox
shows only open work, in the order of the deadline that applies now, across pages; search finds a case by a
word of its text; a filter narrows it; the finished cases are in their own view; on a phone the rows are
cards and nothing scrolls sideways; a 督办 notice from routing's scheduler reaches the notices page through
notify, and marking it read lowers the header's count. A supervisor lands on 督办视图, whose 已督办 list
keeps only open cases. Bulk reply with a template gives each case its own 办结 step; the hotline operator
files a case from the workbench (first-contact owner, the duplicate check), and a handler's reveal of the
caller's number, watermarked with the viewer, is audited and shown in the history to supervisors and to the
revealer; the handler then texts the caller from the case page with a template, and notify sends it."""

from __future__ import annotations

import json
import os

import pytest
from routing.seeding import seed_day, supervise_soon, supervised_long_ago
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from minqing_intake.adapters.tables import cases as intake_cases
from minqing_routing.adapters.tables import cases, history
from minqing_routing.domain.resident_contact import TEMPLATES

from .browser import PHONE, available, navigate, serious_violations, shot
from .test_browser_flows import browser  # noqa: F401  (the module's Chromium, one per module)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not available() and not os.environ.get("CI"),
        reason="needs playwright, /usr/bin/chromium and web/node_modules (npm install in web/)",
    ),
]
WIDE = {"width": 1440, "height": 900}
OPEN, CLOSED = 250, 300
UNIT, GRIDS, HANDLER = "xl-xy", ("XL-XY-02-G01", "XL-XY-02-G02"), "xl-xy-h1"  # 向阳社区, 曹永生


@pytest.fixture(scope="module")
def day(web_stack, postgres):
    """The web package's stack (conftest.py, after test_browser_flows), and the cases seeded into its routing
    database for 向阳社区, a community test_browser_flows leaves alone (open ones in the inbox's order), under
    tickets of a day no filed case has."""
    stack = web_stack
    url = make_url(postgres.admin_url).set(database=f"{stack.prefix}_routing")
    engine = create_engine(url)
    seeded = seed_day(engine, OPEN, CLOSED, UNIT, GRIDS, prefix="XL-20250101")
    finished = engine.connect().execute(select(cases.c.id).where(cases.c.state == "resolved")).scalars().first()
    supervised_long_ago(engine, finished, UNIT)
    watched = next(c for c in seeded if c["state"] == "accepted")
    supervise_soon(engine, watched["case_id"])
    yield stack, seeded, watched
    engine.dispose()


def sign_in(stack, browser, person: str, viewport: dict):
    page = browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True).new_page()
    page.goto(stack.url("routing", "/workbench/login"))
    page.select_option("#district", "xinlin")
    page.fill("#person_id", person)
    page.fill("#password", stack.demo_password)
    navigate(page, "button:has-text('登录')")  # the inbox, or for a supervisor 督办视图
    return page


def tickets(page) -> list[str]:
    return page.locator("table.cases tbody tr[data-ticket]").evaluate_all("rows => rows.map(r => r.dataset.ticket)")


def checked(page, name: str, problems: list) -> None:
    shot(page, name)
    problems.extend(f"{name}: {v}" for v in serious_violations(page))


def unread(page) -> int:
    badge = page.locator("#unread-count")
    return int(badge.inner_text()) if badge.count() else 0


@pytest.mark.slow
def test_a_handlers_day_with_many_cases(day, browser):
    stack, seeded, watched = day
    problems: list[str] = []
    handler = sign_in(stack, browser, HANDLER, WIDE)
    assert handler.url.endswith("/workbench")
    assert handler.inner_text("#total") == str(OPEN)
    assert handler.locator("table.cases").bounding_box()["width"] > 1300  # the screen's width, not 920 px
    checked(handler, "30-handler-inbox-many-cases", problems)
    shown = tickets(handler)
    while handler.locator("#page-next").count():
        navigate(handler, "#page-next")  # the next page, not the one the click left
        shown += tickets(handler)
    assert shown == [c["ticket"] for c in seeded]  # every open case, by the deadline that applies, none finished

    target = seeded[137]
    handler.goto(stack.url("routing", "/workbench"))
    handler.fill("#q", f"第{int(target['ticket'][-6:]) - 1}件诉求")
    navigate(handler, "button:has-text('筛选')")
    assert tickets(handler) == [target["ticket"]]
    handler.goto(stack.url("routing", "/workbench"))
    handler.check("#f-overdue")
    handler.select_option("#category", "property")
    navigate(handler, "button:has-text('筛选')")
    late = [c["ticket"] for c in seeded if c["overdue"] and c["category"] == "property"]
    assert handler.inner_text("#total") == str(len(late)) and tickets(handler) == late[:50]
    assert handler.locator("table.cases tbody tr:not(.overdue)").count() == 0
    navigate(handler, "#tab-done")
    assert handler.inner_text("#total") == str(CLOSED) and len(tickets(handler)) == 50
    assert not set(tickets(handler)) & {c["ticket"] for c in seeded}

    phone = sign_in(stack, browser, HANDLER, PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = phone.locator("table.cases tbody tr").first
    assert first.evaluate("r => getComputedStyle(r).display") == "flex"  # a card, not a table row
    assert first.bounding_box()["height"] < 100 and phone.locator("table.cases thead").bounding_box()["height"] <= 1
    checked(phone, "31-handler-inbox-phone-cards", problems)

    # the scheduler supervises, notify files the notice in the handler's in-app inbox. Wait for that notice
    # itself: other web tests' filings dispatched to this community may have put other notices there first
    handler.goto(stack.url("routing", "/workbench/notices"))
    notice = handler.locator("li.unread", has_text=f"督办通知 {watched['ticket']}")
    for _ in range(60):
        if notice.count():
            break
        handler.wait_for_timeout(1000)
        handler.reload()
    handler.goto(stack.url("routing", "/workbench"))
    before = unread(handler)
    navigate(handler, "#notices-link")
    assert notice.count() == 1 and before >= 1 and handler.inner_text("#unread") == str(before)
    checked(handler, "32-handler-notices", problems)
    navigate(handler, notice.locator("button:has-text('标为已读')"))
    assert handler.inner_text("#done") == "已标为已读。"
    assert unread(handler) == before - 1 and handler.inner_text("#unread") == str(before - 1)
    assert handler.locator("li.read", has_text=f"督办通知 {watched['ticket']}").count() == 1

    supervisor = sign_in(stack, browser, "xl-sv-1", WIDE)
    assert supervisor.url.endswith("/workbench/oversight")
    assert tickets(supervisor.locator("#supervised")) == [watched["ticket"]]  # the long-closed one is gone
    checked(supervisor, "33-supervisor-lands-on-oversight", problems)
    assert problems == []


def history_of(engine, case_id: str, action: str) -> list:
    with engine.connect() as connection:
        found = select(history.c.actor_id, history.c.reason).where(
            history.c.case_id == case_id, history.c.action == action
        )
        return connection.execute(found).all()


@pytest.mark.slow
def test_bulk_reply_with_a_template_records_each_case_s_own_step(day, browser):
    stack, seeded, watched = day
    handler = sign_in(stack, browser, HANDLER, WIDE)
    handler.select_option("#state", "accepted")
    handler.select_option("#category", "environment")
    navigate(handler, "button:has-text('筛选')")
    picked = [c for c in tickets(handler) if c != watched["ticket"]][:3]
    for ticket in picked:
        handler.check(f"#pick-{ticket}")
    handler.check("#bulk-reply")
    handler.select_option("#bulk-template", "cleared")
    navigate(handler, "#bulk-submit")
    assert handler.inner_text("h1") == "确认批量答复办结?"
    assert "已清运" in handler.inner_text(".card") and all(t in handler.inner_text(".card") for t in picked)
    navigate(handler, "#confirm")
    assert handler.inner_text("#bulk-summary").startswith("完成 3 件,未完成 0 件")
    engine = create_engine(make_url(stack.env["DATABASE_URL"]).set(database=f"{stack.prefix}_routing"))
    template = "您反映的垃圾堆放问题,我单位已安排人员清运完毕"
    for case in (c for c in seeded if c["ticket"] in picked):
        [(actor, reason)] = history_of(engine, case["case_id"], "resolve")  # one step per case, its own
        assert actor == HANDLER and reason.startswith(f"reply: {template}")
    handler.goto(stack.url("routing", f"/workbench/cases/{picked[0]}"))
    assert handler.inner_text("#state") == "已办结" and template in handler.inner_text("#history")
    engine.dispose()


@pytest.mark.slow
def test_an_operator_files_a_hotline_case_and_a_handler_s_reveal_is_audited_for_supervisors(day, browser):
    stack, _, _ = day
    problems: list[str] = []
    operator = sign_in(stack, browser, "xl-op-1", WIDE)
    navigate(operator, "#file-link")
    assert operator.input_value("#channel") == "hotline"
    operator.fill("#phone", "13812345678")
    navigate(operator, "#file-submit")  # no text yet: refused, nothing typed is lost
    refused = operator.inner_text(".alert")
    assert "诉求内容" in refused and "诉求类型" in refused and operator.input_value("#phone") == "13812345678"
    text = "来电反映向阳小区4号楼门口垃圾堆放三天无人清运,气味很大,希望尽快处理。"
    operator.fill("#content", text)
    operator.select_option("#request_type", "complaint")  # 诉求类型, asked as on the resident form
    operator.select_option("#grid_code", GRIDS[0])
    operator.fill("#name", "王先生")
    navigate(operator, "#file-submit")
    ticket = operator.inner_text("#filed-ticket")
    checked(operator, "34-operator-filed-hotline-case", problems)
    intake = create_engine(make_url(stack.env["DATABASE_URL"]).set(database=f"{stack.prefix}_intake"))
    with intake.connect() as connection:
        row = connection.execute(text_query(ticket)).one()
    assert row.channel == "hotline" and '"id": "xl-op-1"' in row.first_contact and "13812345678" not in str(row)
    navigate(operator, "#file-link")
    operator.fill("#content", text)
    operator.select_option("#request_type", "complaint")
    operator.select_option("#grid_code", GRIDS[0])
    navigate(operator, "#file-submit")
    assert ticket in operator.inner_text("#filed-duplicate")  # the duplicate check residents get
    intake.dispose()

    handler = sign_in(stack, browser, HANDLER, WIDE)
    for _ in range(60):  # intake -> routing (dispatch to the community) and notify (the sealed contact)
        handler.goto(stack.url("routing", f"/workbench/cases/{ticket}/contact"))
        if handler.locator("#contact-phone").count():
            break
        handler.wait_for_timeout(500)
    assert handler.inner_text("#contact-phone") == "138****5678" and handler.inner_text("#contact-name") == "王**"
    assert "曹永生(xl-xy-h1)" in handler.inner_text("#watermark")
    handler.click("#reveal")  # no reason: refused by the browser's required field first
    assert handler.locator("#revealed").count() == 0
    handler.fill("#reason", "需电话核实垃圾堆放的具体位置")
    navigate(handler, "#reveal")
    assert handler.inner_text("#contact-phone") == "13812345678" and handler.locator("#revealed").count() == 1
    checked(handler, "35-handler-reveals-contact-watermarked", problems)
    handler.goto(stack.url("routing", f"/workbench/cases/{ticket}"))
    assert "查看居民联系方式" in handler.inner_text("#history")  # the revealer sees their own, as supervisors do
    texts_the_resident(stack, handler, ticket)

    supervisor = sign_in(stack, browser, "xl-sv-1", WIDE)
    supervisor.goto(stack.url("routing", f"/workbench/cases/{ticket}"))
    audit = supervisor.locator("#history li", has_text="查看居民联系方式")
    assert (
        audit.count() == 1 and "曹永生" in audit.inner_text() and "需电话核实垃圾堆放的具体位置" in audit.inner_text()
    )
    assert problems == []


def texts_the_resident(stack, handler, ticket: str) -> None:
    """签收, then 短信联系居民 with a template from the case page: notify sends it to the sealed contact (its
    spool, the number masked there), and the history records the step."""
    navigate(handler, "#do-accept")
    navigate(handler, "#confirm")
    handler.click("#form-message summary")
    handler.select_option("#sms_template", "visit")
    navigate(handler, "#form-message button[type=submit]")
    assert TEMPLATES["visit"] in handler.inner_text("main")  # the confirm page shows the text, not its code
    navigate(handler, "#confirm")
    assert "通过平台短信联系居民" in handler.inner_text("#history")
    spool = stack.run_dir / "notify-spool" / "sms.jsonl"
    for _ in range(60):
        lines = spool.read_text(encoding="utf-8").splitlines() if spool.exists() else []
        sent = [m for m in map(json.loads, lines) if ticket in m["body"] and TEMPLATES["visit"] in m["body"]]
        if sent:
            break
        handler.wait_for_timeout(500)
    assert [m["to"] for m in sent] == ["138****5678"]


def text_query(ticket: str):
    return select(intake_cases.c.channel, intake_cases.c.first_contact).where(intake_cases.c.ticket == ticket)
