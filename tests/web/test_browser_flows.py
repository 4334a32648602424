"""The whole flow in a real browser on `make up`'s stack: a resident submits and tracks on a phone,
a community handler signs in, accepts and resolves, the resident rates at the follow-up link, the
dashboard changes; case text with HTML and script renders as text; axe-core finds nothing serious.
Then the workbench's other actions, each through its confirmation page: return (退单) and report up
(上报), joint handling (联办) and merge (合并); and a resident's 我也遇到了 (me too) joining a similar case.
Screenshots of every page go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import re

import pytest
from PIL import Image

from support.workers import wait_for

from .browser import DESK, PHONE, WCAG_22_AA, available, navigate, serious_violations, shot

# Outside CI a machine without a browser skips with the reason shown; in CI (make test installs it) it must run.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not available() and not os.environ.get("CI"),
        reason="needs playwright, /usr/bin/chromium and web/node_modules (npm install in web/)",
    ),
]
HOSTILE = "<script>alert(1)</script><b>x</b>"
CONTENT = f"{HOSTILE} 幸福小区1号楼楼道灯坏了一个星期,晚上上下楼看不见台阶"


@pytest.fixture(scope="module")
def stack(web_stack):
    """The web package's stack (conftest.py), shared with test_workbench_day."""
    return web_stack


@pytest.fixture
def browser(browser):
    """The package's Chromium (conftest.py), under the name test_workbench_day imports from here."""
    return browser


def new_page(browser, viewport, alerts: list):
    context = browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True)  # CSP bypass: axe injection
    page = context.new_page()
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    return page


def check_page(page, name: str, problems: list) -> None:
    shot(page, name)
    problems.extend(f"{name}: {v}" for v in serious_violations(page))


def reload_until(page, found, timeout: float = 60) -> None:
    """Reload until ``found()``; the page must have finished loading first (a reload while the browser is
    between two documents, e.g. just after a form's POST, fails with "Not attached to an active page")."""
    page.wait_for_load_state()

    def ready():
        page.reload()
        return found()

    wait_for(ready, timeout=timeout, interval=1)


def submit(stack, content: str, address: str, category: str) -> str:
    """A case filed through intake's API (the resident's side is covered above); its ticket."""
    receipt = stack.post(
        "intake",
        "/api/v1/cases",
        json={
            "district": "xinlin",
            "channel": "web",
            "content": content,
            "location": {"address": address},
            "category": category,
        },
    )
    assert receipt.status_code == 201, receipt.text
    return receipt.json()["ticket"]


def sign_in(stack, browser, person: str, alerts: list):
    """A handler's own browser, signed in to the workbench: on the inbox, or for a supervisor on 督办视图."""
    page = new_page(browser, DESK, alerts)
    page.goto(stack.url("routing", "/workbench/login"))
    page.select_option("#district", "xinlin")
    page.fill("#person_id", person)
    page.fill("#password", stack.demo_password)
    navigate(page, "button:has-text('登录')")
    page.wait_for_url(re.compile(r".*/workbench(/oversight)?$"))
    return page


def inbox_row(page, ticket: str):
    return page.locator(f"tr[data-ticket='{ticket}']")


def open_from_inbox(page, ticket: str) -> None:
    """Waits until routing has put the case in this handler's inbox, then opens it."""
    reload_until(page, lambda: inbox_row(page, ticket).count() == 1)
    navigate(page, inbox_row(page, ticket).locator("a"))
    assert page.inner_text("h1").startswith(ticket)


def fill_action(page, summary: str, fields: dict[str, str], ticks: tuple[str, ...] = ()) -> None:
    """Opens the action's folded form (<details>), fills it and submits: the confirmation page comes next."""
    form = page.locator("details", has=page.locator(f"summary:text-is('{summary}')"))
    if not form.evaluate("details => details.open"):  # a refused action shows its form open, as typed
        form.locator("summary").click()
    for selector, value in fields.items():
        form.locator(selector).fill(value)
    for selector in ticks:
        form.locator(selector).check()
    navigate(page, form.locator("button[type=submit]"))


def sms_rating_link(stack, ticket: str) -> str | None:
    """The rating link in the SMS notify sent the resident (no SMS gateway: notify's spool)."""
    spool = stack.run_dir / "notify-spool" / "sms.jsonl"
    lines = spool.read_text(encoding="utf-8").splitlines() if spool.exists() else []
    for message in map(json.loads, lines):
        found = re.search(r"https?://\S+/rate/[A-Za-z0-9_\-]+", message["body"])
        if found and ticket in message["body"]:
            return found.group(0)
    return None


def history(page) -> str:
    return page.inner_text("#history")


@pytest.mark.slow
def test_resident_handler_rating_and_dashboard_in_the_browser(stack, browser):
    alerts, problems = [], []
    resident = new_page(browser, PHONE, alerts)
    resident.goto(stack.url("public", "/"))  # the residents' one address (PUBLIC_BASE_URL)
    check_page(resident, "01-resident-submit-form", problems)
    resident.fill("#address", "新林镇幸福小区1号楼")  # where first: the district is inferred from the place
    navigate(resident, "#where-form button[type=submit]")
    resident.wait_for_selector("#content")  # the district's form: its categories and grids
    assert "新林区" in resident.inner_text("#chosen-district")
    assert resident.input_value("#address") == "新林镇幸福小区1号楼"
    resident.fill("#content", CONTENT)
    resident.check("#request_type-complaint")
    resident.check("#public-yes")  # 公开: the track page below is its public view
    resident.fill("#phone", "13800138000")
    navigate(resident, "button[type=submit]")
    ticket = resident.inner_text("#ticket")
    assert re.fullmatch(r"XL-\d{8}-\d{6}", ticket)
    secret = resident.inner_text("#secret")
    check_page(resident, "02-resident-receipt", problems)
    navigate(resident, "text=查看办理进度")
    resident.wait_for_selector("#status")  # the tracking page loaded (for 不公开: after the POST of its secret)
    reload_until(resident, lambda: "已派单" in resident.inner_text("#status"))
    resident.fill("#secret", secret)
    navigate(resident, "button:has-text('查看')")
    assert resident.inner_text("#content").startswith(HOSTILE)  # shown as text, not markup
    assert resident.locator("#content b").count() == 0
    check_page(resident, "03-resident-track", problems)

    handler = new_page(browser, DESK, alerts)
    handler.goto(stack.url("routing", "/workbench"))
    handler.select_option("#district", "xinlin")
    handler.fill("#person_id", "xl-xf-h1")
    handler.fill("#password", stack.demo_password)
    check_page(handler, "04-handler-sign-in", problems)
    navigate(handler, "button:has-text('登录')")  # from the sign-in page, whose address ends in ?next=/workbench
    handler.wait_for_url("**/workbench")
    row = handler.locator(f"tr[data-ticket='{ticket}']")
    assert "剩" in row.inner_text()  # the response deadline counts down
    check_page(handler, "05-handler-inbox", problems)
    navigate(handler, row.locator("a"))
    assert handler.inner_text("#content").startswith(HOSTILE) and handler.locator("#content b").count() == 0
    check_page(handler, "06-handler-case", problems)
    navigate(handler, "#do-accept")
    check_page(handler, "07-handler-confirm-accept", problems)
    navigate(handler, "#confirm")
    assert handler.inner_text("#state").startswith("办理中")
    handler.click("#form-resolve summary")  # the 办结 form is behind its button
    handler.fill("#reply", "已更换楼道灯,居民确认可以正常使用。")
    navigate(handler, "button:has-text('办结…')")
    navigate(handler, "#confirm")
    assert handler.inner_text("#state").startswith("已办结")
    assert "办结" in handler.inner_text("#history")
    check_page(handler, "08-handler-resolved", problems)

    supervisor = new_page(browser, DESK, alerts)
    supervisor.goto(stack.url("evaluation", "/dashboard/xinlin"))
    assert supervisor.inner_text("#rate-satisfaction") == "—"
    link = wait_for(lambda: sms_rating_link(stack, ticket), timeout=90, interval=1)
    assert link.startswith(stack.url("public", "/rate/")), link  # built from PUBLIC_BASE_URL

    resident.goto(link)  # the SMS's link, through the public gateway to evaluation's form
    assert ticket in resident.inner_text("main")
    check_page(resident, "09-resident-rate-form", problems)
    resident.check("#solved-yes")
    resident.check("#sat-satisfied")
    navigate(resident, "button:has-text('提交评价')")
    assert "评价已记录" in resident.inner_text("main")
    check_page(resident, "10-resident-thanks", problems)

    reload_until(supervisor, lambda: supervisor.inner_text("#rate-satisfaction") == "100.0%")
    assert supervisor.locator("#chart-trend svg").count() == 1  # ECharts served from web/node_modules drew
    check_page(supervisor, "11-supervisor-dashboard", problems)
    supervisor.goto(stack.url("public", "/board/xinlin"))
    reload_until(supervisor, lambda: ticket in supervisor.inner_text("#board"))
    check_page(supervisor, "12-public-board", problems)
    supervisor = sign_in(stack, browser, "xl-sv-1", alerts)
    assert supervisor.url.endswith("/workbench/oversight")  # supervisors land on 督办视图
    assert "督办视图" in supervisor.inner_text("h1")
    check_page(supervisor, "13-supervisor-oversight", problems)

    assert alerts == []  # the script in the case text never ran
    assert problems == []


def return_with(page, reason_code: str, reason: str) -> None:
    """The return form (退单): a reason from the district's list, the handler's words, then submit."""
    form = page.locator("details", has=page.locator("summary:text-is('退单')"))
    form.locator("summary").click()
    form.locator("select[name=reason_code]").select_option(reason_code)
    form.locator("textarea[name=reason]").fill(reason)
    navigate(page, form.locator("button[type=submit]"))


@pytest.mark.slow
def test_returned_and_reported_up_cases_leave_the_inbox_and_reach_the_next_unit(stack, browser):
    alerts, problems = [], []
    lamp = submit(stack, "幸福小区2号楼楼道灯坏了,物业说不归他们管。", "新林镇幸福小区2号楼", "property")
    rubbish = submit(
        stack, "幸福小区3号楼门前的垃圾三天没人清运,社区的车辆不够。", "新林镇幸福小区3号楼", "environment"
    )

    community = sign_in(stack, browser, "xl-xf-h1", alerts)
    open_from_inbox(community, lamp)
    lamp_url = community.url
    return_with(community, "unclear_ownership", "楼道灯维修属于住建局的物业监管范围")
    assert community.inner_text("h1") == "确认退单?"
    assert "楼道灯维修属于住建局的物业监管范围" in community.inner_text("main")
    check_page(community, "14-handler-confirm-return", problems)
    navigate(community, "#confirm")
    community.wait_for_url("**/workbench?*")  # back on the inbox, not on an error page for a case no longer theirs
    assert community.inner_text("#done") == f"操作已完成:退单。诉求 {lamp} 已转至住建局,不再显示在本单位待办中。"
    assert inbox_row(community, lamp).count() == 0
    check_page(community, "15-handler-inbox-after-return", problems)
    not_theirs = community.goto(lamp_url)  # the case is another unit's now: not found, as for any other case
    assert not_theirs.status == 404 and "未找到该诉求" in community.inner_text("main")

    department = sign_in(stack, browser, "xl-zjj-h1", alerts)  # the first return: re-dispatched to the next unit
    open_from_inbox(department, lamp)
    assert department.inner_text("#state").startswith("待签收")
    assert "退单 · 李娜" in history(department)
    assert "权属不清: 楼道灯维修属于住建局的物业监管范围" in history(department)
    return_with(department, "wrong_place", "小区未交付物业,应由属地协调")
    navigate(department, "#confirm")
    assert department.inner_text("#done") == f"操作已完成:退单。诉求 {lamp} 已转至新林区,不再显示在本单位待办中。"

    dispatcher = sign_in(stack, browser, "xl-dp-1", alerts)  # the second return goes up a level, to the district
    open_from_inbox(dispatcher, lamp)
    steps = history(dispatcher)
    assert steps.count("退单 · ") == 2 and "上报 · 系统 · 转至新林区" in steps and "退单2次后上报" in steps
    check_page(dispatcher, "16-dispatcher-case-returned-twice", problems)

    community.goto(stack.url("routing", "/workbench"))
    open_from_inbox(community, rubbish)
    fill_action(community, "上报上级", {"textarea[name=reason]": "需镇里协调环卫车辆"})
    assert community.inner_text("h1") == "确认上报?"
    navigate(community, "#confirm")
    assert community.inner_text("#done") == f"操作已完成:上报。诉求 {rubbish} 已转至新林镇,不再显示在本单位待办中。"
    assert inbox_row(community, rubbish).count() == 0

    town = sign_in(stack, browser, "xl-xl-h1", alerts)
    reload_until(town, lambda: inbox_row(town, rubbish).count() == 1)
    assert "待签收" in inbox_row(town, rubbish).inner_text() and "新林镇" in inbox_row(town, rubbish).inner_text()
    check_page(town, "17-town-inbox-reported-up", problems)
    navigate(town, inbox_row(town, rubbish).locator("a"))
    assert "上报 · 李娜" in history(town) and "需镇里协调环卫车辆" in history(town)

    assert alerts == [] and problems == []


def resolve(page, reply: str) -> None:
    """Opens the 办结 form (behind its button on an accepted case), fills the reply and confirms."""
    page.click("#form-resolve summary")
    page.fill("#reply", reply)
    navigate(page, "button:has-text('办结…')")
    assert page.inner_text("h1") == "确认办结?"
    navigate(page, "#confirm")


def part_row(page, unit_name: str):
    return page.locator("#parts tbody tr", has=page.locator(f"td:text-is('{unit_name}')"))


def do_my_part(stack, browser, person: str, unit_name: str, ticket: str, summary: str, alerts, problems, shots=()):
    """A co-handler signs in, finds the joint case in the inbox, 签收协办 and 完成协办, each confirmed."""
    page = sign_in(stack, browser, person, alerts)
    reload_until(page, lambda: inbox_row(page, ticket).count() == 1)
    assert "联办" in inbox_row(page, ticket).inner_text()
    navigate(page, inbox_row(page, ticket).locator("a"))
    offered = [s.strip() for s in page.locator("summary").all_inner_texts()]  # only what a co-handler can do:
    # their part's return and progress, and reaching the resident through the platform (4cd7a3c: a part's unit too)
    assert offered == ["退回协办", "记录进展", "短信联系居民", "申请热线回拨"]
    assert "改派" not in page.inner_text("#parts")
    navigate(page, part_row(page, unit_name).locator("button:has-text('签收协办…')"))
    assert page.inner_text("h1") == "确认签收协办?"
    navigate(page, "#confirm")
    assert page.inner_text("#done") == "操作已完成:签收协办。"
    assert part_row(page, unit_name).locator("td").nth(3).inner_text() == "办理中"
    if shots:
        check_page(page, shots[0], problems)
    row = part_row(page, unit_name)
    row.locator("summary:text-is('完成协办')").click()
    row.locator("input[name=summary]").fill(summary)
    navigate(page, row.locator("button:has-text('完成…')"))
    assert page.inner_text("h1") == "确认完成协办?"
    navigate(page, "#confirm")
    assert page.inner_text("#done") == "操作已完成:完成协办。"
    assert part_row(page, unit_name).locator("td").nth(3).inner_text() == "已完成"
    page.context.close()


@pytest.mark.slow
def test_joint_case_opened_in_the_workbench_is_resolved_only_after_every_co_handler_is_done(stack, browser):
    alerts, problems = [], []
    ticket = submit(stack, "幸福小区4号楼外墙保温层脱落,屋里暖气也不热,老人受冻。", "新林镇幸福小区4号楼", "property")
    lead = sign_in(stack, browser, "xl-xf-h1", alerts)
    open_from_inbox(lead, ticket)
    navigate(lead, "#do-accept")
    navigate(lead, "#confirm")
    tasks = {"#lead_task": "组织协调会,入户安抚老人", "#task": "外墙维修和供暖排查"}
    fill_action(lead, "申请联办", tasks)  # no co-handling unit ticked
    assert "请至少选择一个协办单位" in lead.inner_text(".alert")
    assert lead.locator("#parts").count() == 0
    fill_action(lead, "申请联办", tasks, ticks=("#co-xl-zjj", "#co-xl-rlgs"))
    assert lead.inner_text("h1") == "确认发起联办?"
    check_page(lead, "18-lead-confirm-joint", problems)
    navigate(lead, "#confirm")
    assert lead.inner_text("#done") == "操作已完成:发起联办。"
    assert [part_row(lead, u).locator("td").nth(3).inner_text() for u in ("幸福社区", "住建局", "新林热力公司")] == [
        "办理中",
        "待签收",
        "待签收",
    ]

    resolve(lead, "外墙已修复,供暖恢复。")  # too early: the co-handlers have not finished
    assert "联办事项还有2项未完成" in lead.inner_text(".alert")
    assert lead.inner_text("#state").startswith("办理中")
    check_page(lead, "19-lead-resolve-refused-parts-open", problems)

    do_my_part(
        stack,
        browser,
        "xl-zjj-h1",
        "住建局",
        ticket,
        "外墙保温层已重新粘贴",
        alerts,
        problems,
        shots=("20-co-handler-part-accepted",),
    )
    do_my_part(stack, browser, "xl-rlgs-h1", "新林热力公司", ticket, "更换了单元供暖阀门", alerts, problems)

    lead.goto(lead.url.split("/do/")[0])  # the case page again, fresh
    states = [part_row(lead, u).locator("td").nth(3).inner_text() for u in ("住建局", "新林热力公司")]
    assert states == ["已完成", "已完成"]
    resolve(lead, "外墙已修复,供暖恢复。")
    assert lead.inner_text("#state").startswith("已办结")
    steps = history(lead)
    assert "发起联办 · 李娜" in steps and steps.count("协办完成") == 2 and "办结 · 李娜" in steps
    check_page(lead, "21-lead-joint-resolved", problems)

    assert alerts == [] and problems == []


@pytest.mark.slow
def test_duplicate_merged_by_ticket_in_the_workbench_and_an_unknown_ticket_refused(stack, browser):
    alerts, problems = [], []
    kept = submit(stack, "林海小区B座楼道灯坏了一个月,晚上出入很不安全。", "新林镇林海小区B座", "property")
    duplicate = submit(stack, "林海小区B座楼道的灯坏了很久,晚上看不见路。", "新林镇林海小区B座", "property")
    handler = sign_in(stack, browser, "xl-lh-h1", alerts)
    reload_until(handler, lambda: inbox_row(handler, kept).count() == 1)
    open_from_inbox(handler, duplicate)
    assert "合并到另一诉求" in [s.strip() for s in handler.locator("summary").all_inner_texts()]  # before 签收 too
    navigate(handler, "#do-accept")
    navigate(handler, "#confirm")

    fill_action(handler, "合并到另一诉求", {"#into_ticket": "XL-20000101-999999"})
    assert "未找到编号为XL-20000101-999999的诉求" in handler.inner_text(".alert")
    assert handler.inner_text("#state").startswith("办理中")
    check_page(handler, "22-handler-merge-unknown-ticket", problems)

    fill_action(handler, "合并到另一诉求", {"#into_ticket": kept.lower()})  # typed in lower case: still found
    assert handler.inner_text("h1") == "确认合并?"
    navigate(handler, "#confirm")
    assert handler.inner_text("#done") == "操作已完成:合并。"
    assert handler.inner_text("#state").startswith("已合并")
    assert f"合并到诉求 {kept}" in history(handler)
    assert handler.locator("#do-accept, details").count() == 0  # nothing left to do on a merged case
    check_page(handler, "23-handler-merged", problems)

    handler.goto(stack.url("routing", "/workbench"))
    navigate(handler, inbox_row(handler, kept).locator("a"))
    assert "并入重复诉求 · 王淑芬" in history(handler) and f"诉求 {duplicate} 已并入本诉求" in history(handler)

    assert alerts == [] and problems == []


@pytest.mark.slow
def test_the_cluster_on_the_case_page_is_merged_and_split_with_one_click(stack, browser):
    alerts, problems = [], []
    kept = submit(stack, "林海小区B座的单元门门禁坏了,门关不上,外人随便进出。", "新林镇林海小区B座", "property")
    duplicate = submit(stack, "林海小区B座单元门门禁坏了好几天,陌生人随便进楼。", "新林镇林海小区B座", "property")
    handler = sign_in(stack, browser, "xl-lh-h1", alerts)
    reload_until(handler, lambda: inbox_row(handler, duplicate).count() == 1)
    open_from_inbox(handler, kept)
    row = handler.locator("#cluster tbody tr", has_text=duplicate)
    assert "疑似重复" in row.inner_text()  # intake flagged it: same building, same problem
    check_page(handler, "24-handler-cluster-flagged", problems)

    navigate(handler, row.locator("button:has-text('合并到本诉求')"))
    navigate(handler, "#confirm")
    assert handler.inner_text("#done") == "操作已完成:合并重复诉求。"
    assert "已合并到本诉求" in handler.locator("#cluster tbody tr", has_text=duplicate).inner_text()
    assert f"诉求 {duplicate} 已并入本诉求" in history(handler)
    check_page(handler, "25-handler-cluster-merged", problems)

    split = handler.locator("#cluster tbody tr", has_text=duplicate).locator("button:has-text('拆分单独办理')")
    navigate(handler, split)
    navigate(handler, "#confirm")
    assert handler.inner_text("#done") == "操作已完成:拆分出重复诉求。"
    assert f"诉求 {duplicate} 已拆分,单独办理" in history(handler)
    handler.goto(stack.url("routing", f"/workbench/cases/{duplicate}"))
    assert handler.inner_text("#state").startswith("办理中") and f"从诉求 {kept} 拆分,单独办理" in history(handler)

    assert alerts == [] and problems == []


def sms_sign_in_code(stack, masked_phone: str) -> str | None:
    """The latest 我的诉求 code notify spooled for that (masked) phone."""
    spool = stack.run_dir / "notify-spool" / "sms.jsonl"
    lines = spool.read_text(encoding="utf-8").splitlines() if spool.exists() else []
    codes = [re.search(r"登录验证码(\d{6})", m["body"]) for m in map(json.loads, lines) if m["to"] == masked_phone]
    return next((c.group(1) for c in reversed(codes) if c), None)


@pytest.mark.slow
def test_my_requests_by_the_sms_code_from_notify_through_the_gateway(stack, browser):
    """我的诉求 on the stack: intake seals the code, notify sends it (its SMS spool), the resident signs in."""
    receipt = stack.post(
        "intake",
        "/api/v1/cases",
        json={
            "district": "xinlin",
            "channel": "web",
            "content": "幸福小区5号楼电梯停了两天,老人上下楼很困难",
            "location": {"address": "新林镇幸福小区5号楼"},
            "contact": {"phone": "13955550123"},
        },
    )
    assert receipt.status_code == 201, receipt.text
    ticket, problems = receipt.json()["ticket"], []
    resident = new_page(browser, PHONE, [])
    resident.goto(stack.url("public", "/mine"))
    resident.select_option("#district", "xinlin")
    resident.fill("#phone", "13955550123")
    navigate(resident, "button:has-text('获取验证码')")
    wait_for(lambda: sms_sign_in_code(stack, "139****0123"), timeout=60, what="the sign-in SMS")
    resident.fill("#code", sms_sign_in_code(stack, "139****0123"))
    navigate(resident, "button:has-text('登录')")
    resident.locator("#mine a").first.wait_for()  # the list page after the sign-in's redirect
    assert resident.locator("#mine a").all_inner_texts() == [ticket]
    check_page(resident, "54-stack-my-requests", problems)
    navigate(resident, f"#mine a:has-text('{ticket}')")
    assert "电梯停了两天" in resident.inner_text("#content")
    assert problems == []


@pytest.mark.slow
def test_me_too_joins_a_similar_open_case_and_the_co_reporter_is_answered_with_it(stack, browser, tmp_path):
    """我也遇到了 (issue 18 item 4) on a phone: a second resident who types the same problem at the same
    building, with a photo, is shown the first case before filing (public fields only), taps 我也遇到了, gets
    their own ticket, and their case is merged into the first, whose handler sees their photo; its answer
    reaches them, with their own rating link."""
    alerts, problems = [], []
    first = submit(stack, "兴安小区6号楼单元门的门锁坏了,门一直关不上,外人随便进出", "新林镇兴安小区6号楼", "property")
    resident = new_page(browser, PHONE, alerts)
    resident.goto(stack.url("public", "/"))
    resident.fill("#address", "新林镇兴安小区6号楼")
    navigate(resident, "#where-form button[type=submit]")
    resident.fill("#content", "6号楼的单元门锁坏了好几天,门关不上,陌生人随便进楼")
    resident.check("#request_type-help")
    resident.fill("#phone", "13955550456")
    photo = tmp_path / "IMG_0456.JPG"
    Image.new("RGB", (640, 480), (120, 60, 30)).save(photo, "JPEG")
    resident.set_input_files("#photos", [str(photo)])
    navigate(resident, "#submit")
    assert "都会随您的诉求一并提交" in resident.inner_text("#similar-photos")  # held, not dropped
    shown = resident.locator(f"#similar li[data-ticket='{first}']")
    assert "兴安小区6号楼单元门" not in resident.inner_text("#similar")  # the first resident's words stay theirs
    assert first in shown.inner_text() and resident.inner_text("#submit") == "都不是,继续提交"
    problems += [f"me-too list: {v}" for v in serious_violations(resident, WCAG_22_AA)]  # 24 px targets included
    check_page(resident, "60-resident-me-too-list", problems)

    navigate(resident, shown.locator("button:has-text('我也遇到了')"))
    own = resident.inner_text("#ticket")
    assert re.fullmatch(r"XL-\d{8}-\d{6}", own) and own != first
    navigate(resident, "text=查看办理进度")
    resident.wait_for_selector("#status")  # the tracking page loaded (for 不公开: after the POST of its secret)
    reload_until(resident, lambda: "已合并" in resident.inner_text("#status"))
    assert first in resident.inner_text("main")  # 已合并到 the first case
    check_page(resident, "61-resident-me-too-merged", problems)

    handler = sign_in(stack, browser, "xl-xa-h1", alerts)
    handler.goto(stack.url("routing", f"/workbench/cases/{own}"))
    assert f"居民确认为同一问题,合并到诉求 {first}" in history(handler)
    handler.goto(stack.url("routing", "/workbench"))
    open_from_inbox(handler, first)
    assert f"诉求 {own} 已并入本诉求(居民确认为同一问题)" in history(handler)
    thumb = handler.locator("#photos img")  # the co-reporter's photo, through intake's audited staff API
    assert thumb.count() == 1 and f"来自 {own}" in handler.inner_text("#photos")
    assert wait_for(lambda: thumb.evaluate("img => img.complete && img.naturalWidth") == 320, timeout=10)
    check_page(handler, "62-handler-me-too-photos", problems)
    navigate(handler, "#do-accept")
    navigate(handler, "#confirm")
    resolve(handler, "已更换单元门门锁,门可以正常关闭。")
    reload_until(resident, lambda: "已更换单元门门锁" in resident.inner_text("main"))
    assert wait_for(lambda: sms_rating_link(stack, own), timeout=90, interval=1)  # the co-reporter rates it too

    assert alerts == [] and problems == []
