"""Residents' pages in-process (Flask test client on a real PostgreSQL database): the no-JavaScript
flow, CSRF refusal, field errors kept on the form, case text escaped on output; then in Chromium on a
phone viewport with JavaScript off: the district chosen first, Chinese error summaries, receipt and
timeline, the 404 page, tap targets of 24 px and axe-core on each page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION
from minqing_intake.pages.labels import timeline
from minqing_intake.web import create_app
from minqing_kit.orgconfig import load_districts

from .browser import PHONE, available, navigate
from .served import checked

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"
DISTRICTS = load_districts(str(DEMO_DISTRICTS))

SCRIPT_TEXT = "<script>alert(1)</script><b>x</b> 楼道灯坏了很久"


@pytest.fixture
def client(make_settings):
    runtime = bootstrap(
        make_settings(
            DEFINITION,
            DISTRICTS_DIR=str(DEMO_DISTRICTS),
            RATE_LIMIT_ADDRESS="1000/1m",
            INTAKE_SECRET_KEY="test-secret-key-0123456789",
        )
    )
    yield create_app(runtime=runtime).test_client()
    runtime.db.dispose()


def csrf_of(client, path: str = "/?district=xinlin") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def submit(client, **fields):
    form = {
        "district": "xinlin",
        "content": "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶",
        "address": "新林镇幸福小区1号楼",
        "request_type": "complaint",
        "csrf_token": csrf_of(client),
        **fields,
    }
    return client.post("/", data=form)


def test_submit_receipt_and_track_without_javascript(client):
    response = submit(client, phone="13800138000", public="yes")  # 公开: the public page below shows it
    assert response.status_code == 303
    receipt = client.get(response.headers["Location"])
    page = receipt.get_data(as_text=True)
    ticket = re.search(r'id="ticket">([A-Z]+-\d{8}-\d+)<', page).group(1)
    secret = re.search(r'id="secret">([^<]+)<', page).group(1)
    assert ticket.startswith("XL-") and len(secret) > 10
    assert "13800138000" not in page
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="secret"' not in again  # shown once
    public = client.get(f"/track/{ticket}").get_data(as_text=True)
    assert "已受理" in public and "楼道灯坏了" not in public  # the text is for the reporter only
    full = client.post(f"/track/{ticket}", data={"secret": secret, "csrf_token": csrf_of(client, f"/track/{ticket}")})
    assert "楼道灯坏了一个星期" in full.get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused_and_nothing_is_filed(client):
    response = client.post(
        "/", data={"district": "xinlin", "content": "没有令牌的表单提交内容", "address": "新林镇幸福小区1号楼"}
    )
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    forged = submit(client, csrf_token="forged.value")
    assert forged.status_code == 400


def test_field_errors_are_shown_next_to_the_kept_input(client):
    response = submit(client, content="短", phone="12345")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="content-error"' in page and 'id="phone-error"' in page
    assert 'value="12345"' in page  # what the resident typed is kept


def test_case_text_with_html_and_script_renders_as_plain_text(client):
    response = submit(client, content=SCRIPT_TEXT)
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    ticket = re.search(r'id="ticket">([^<]+)<', page).group(1)
    secret = re.search(r'id="secret">([^<]+)<', page).group(1)
    full = client.post(f"/track/{ticket}", data={"secret": secret, "csrf_token": csrf_of(client, f"/track/{ticket}")})
    body = full.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in body
    assert "<script>alert(1)" not in body and "<b>x</b>" not in body
    assert full.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_timeline_names_every_step_in_chinese_with_received_first():
    view = {
        "received_at": "2026-11-02T01:00:00+00:00",
        "steps": [
            {"at": "2026-11-03T01:00:00+00:00", "kind": "closed", "unit": None, "note": None},
            {"at": "2026-11-03T02:00:00+00:00", "kind": "rated", "unit": None, "note": "satisfied"},
        ],
    }
    steps = timeline(view)
    assert [(s["name"], s["note"]) for s in steps] == [("受理", None), ("销账", None), ("居民评价", "满意")]


def test_the_form_says_what_a_resident_can_do_without_a_location(client):
    page = submit(client, address="").get_data(as_text=True)
    assert "经纬度" not in page and "网格" in page.split('id="location-error"')[1].split("</p>")[0]
    assert "location:" not in page and 'href="#address">地址</a>' in page


# --- in a real browser, phone-sized, without JavaScript ----------------------------------------------

# Outside CI a machine without a browser skips with the reason shown; in CI it must run.
in_browser = pytest.mark.skipif(
    not available() and not os.environ.get("CI"), reason="needs playwright, /usr/bin/chromium and web/node_modules"
)


@pytest.fixture
def phone(intake_app, phone_page):
    with phone_page(intake_app) as page:
        yield page


@pytest.fixture
def intake_app(make_settings):
    runtime = bootstrap(
        make_settings(
            DEFINITION,
            DISTRICTS_DIR=str(DEMO_DISTRICTS),
            RATE_LIMIT_ADDRESS="1000/1m",
            INTAKE_SECRET_KEY="test-secret-key-0123456789",
            PUBLIC_BASE_URL="https://minqing.example.cn",
        )
    )
    yield create_app(runtime=runtime)
    runtime.db.dispose()


def file_on(page, **fields: str) -> None:
    """Xinlin's form filled in the browser and sent."""
    page.goto(page.base + "/?district=xinlin")
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.check("#request_type-complaint")
    page.check("#public-yes")  # 公开: the tests' track pages are public views (test_photo_pages files 不公开)
    navigate(page, "button[type=submit]")


@pytest.mark.browser
@in_browser
def test_the_district_is_chosen_first_and_the_form_lists_only_its_categories_and_grids(phone):
    phone.goto(phone.base + "/")
    assert phone.locator("#district").input_value() == ""  # no district chosen for the resident
    assert phone.locator("#content").count() == 0
    problems = checked(phone, "20-resident-choose-district")
    phone.select_option("#district", "xinlin")
    navigate(phone, "#choose-district button")
    assert "新林区" in phone.inner_text("#chosen-district")
    categories = phone.locator("#category option").all_inner_texts()
    grids = " ".join(phone.locator("#grid_code optgroup").evaluate_all("els => els.map(e => e.label)"))
    assert "新林" in grids and "卢湾" not in grids and "淮海" not in grids
    assert categories[1:] == [c.name for c in DISTRICTS["xinlin"].categories]
    problems += checked(phone, "21-resident-submit-xinlin")
    assert problems == []


@pytest.mark.browser
@in_browser
def test_the_error_summary_names_the_fields_in_chinese(phone):
    file_on(phone, content="短", phone="12345")
    summary = phone.inner_text(".alert")
    assert "反映内容" in summary and "手机号" in summary and "地址" in summary
    assert "contact.phone" not in summary and "经纬度" not in summary and not re.search(r"[A-Za-z]", summary)
    assert checked(phone, "22-resident-form-errors") == []


@pytest.mark.browser
@in_browser
def test_receipt_and_track_lead_on_and_the_timeline_starts_with_received(phone):
    from playwright.sync_api import expect  # here: the module imports without playwright (in_browser skips)

    file_on(phone, content="幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶", address="新林镇幸福小区1号楼")
    ticket = phone.inner_text("#ticket")
    links = dict(
        zip(
            phone.locator("#next-steps a").all_inner_texts(),
            phone.locator("#next-steps a").evaluate_all("els => els.map(e => e.href)"),
            strict=True,
        )
    )
    assert links["看看公示栏"] == "https://minqing.example.cn/board/xinlin"  # from PUBLIC_BASE_URL
    assert links["再反映一件事"].endswith("/?district=xinlin")
    assert links["查询这件诉求的进度"].endswith(f"/track/{ticket}")
    problems = checked(phone, "23-resident-receipt-links")
    assert phone.inner_text("#track-link") == f"https://minqing.example.cn/track/{ticket}"
    assert phone.locator("#track-qr svg[role=img]").count() == 1  # the tracking link as a QR code
    assert phone.locator("#ticket").evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    assert phone.locator("button.copy").count() == 2 and not phone.locator("button.copy").first.is_visible()
    receipt_url = phone.url
    scripted = phone.context.browser.new_context(viewport=PHONE, locale="zh-CN")  # with JavaScript: a copy button
    scripted.grant_permissions(["clipboard-read", "clipboard-write"], origin=phone.base)
    again = scripted.new_page()
    again.goto(receipt_url)
    again.click("button.copy[data-copy=ticket]")
    # the button says so once the clipboard's write has resolved (copy.js), for 2 s; then the clipboard is read
    expect(again.locator("button.copy").first).to_have_text("已复制")
    assert again.evaluate("navigator.clipboard.readText()") == ticket
    scripted.close()
    phone.goto(phone.base + f"/track/{ticket}")
    assert phone.locator("#timeline li strong").first.inner_text() == "受理"
    problems += checked(phone, "24-resident-track-received")
    assert problems == []


@pytest.mark.browser
@in_browser
def test_the_not_found_page_is_all_chinese(phone):
    phone.goto(phone.base + "/no-such-page")
    text = phone.inner_text("main")
    assert "未找到" in text and not re.search(r"[A-Za-z]", text)
    assert checked(phone, "25-resident-not-found") == []
