"""Residents' pages in-process (Flask test client on a real PostgreSQL database): the no-JavaScript
flow, CSRF refusal, field errors kept on the form, and case text escaped on output."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION
from minqing_intake.web import create_app

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"

SCRIPT_TEXT = "<script>alert(1)</script><b>x</b> 楼道灯坏了很久"


@pytest.fixture
def client(make_settings):
    runtime = bootstrap(make_settings(DEFINITION, DISTRICTS_DIR=str(DEMO_DISTRICTS),
                                      RATE_LIMIT_ADDRESS="1000/1m", INTAKE_SECRET_KEY="test-secret-key-0123456789"))
    yield create_app(runtime=runtime).test_client()
    runtime.db.dispose()


def csrf_of(client, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def submit(client, **fields):
    form = {"district": "xinlin", "content": "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶",
            "address": "新林镇幸福小区1号楼", "csrf_token": csrf_of(client), **fields}
    return client.post("/", data=form)


def test_submit_receipt_and_track_without_javascript(client):
    response = submit(client, phone="13800138000")
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
    response = client.post("/", data={"district": "xinlin", "content": "没有令牌的表单提交内容",
                                      "address": "新林镇幸福小区1号楼"})
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
