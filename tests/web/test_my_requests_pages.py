"""我的诉求 in Chromium at phone size (390x844, JavaScript off): ask for a code, read it as notify would
(the sealed sign-in event opened with notify's key), sign in, see my requests and one's full record;
axe-core clean, 24 px targets on each page."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import select

from minqing_intake.adapters.tables import bus
from minqing_intake.web import create_app
from minqing_kit.sealing import generate_contact_keypair, open_contact

from .browser import available, navigate
from .served import checked, intake_runtime


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_sign_in_by_sms_code_and_see_my_requests_on_a_phone(make_settings, phone_page):
    notify_private, notify_public = generate_contact_keypair()
    with intake_runtime(make_settings, NOTIFY_PUBLIC_KEY=notify_public) as runtime:
        with phone_page(create_app(runtime=runtime)) as phone:
            phone.goto(phone.base + "/?district=xinlin")
            phone.fill("#content", "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶")
            phone.check("#request_type-complaint")
            phone.fill("#address", "新林镇幸福小区1号楼")
            phone.fill("#phone", "139 1234 5678")
            navigate(phone, "button[type=submit]")
            ticket = phone.inner_text("#ticket")
            navigate(phone, "nav a:has-text('我的诉求')")
            problems = checked(phone, "50-mine-phone")
            phone.select_option("#district", "xinlin")
            phone.fill("#phone", "13912345678")
            navigate(phone, "button:has-text('获取验证码')")
            problems += checked(phone, "51-mine-code")
            phone.fill("#code", "000000" if sent_code(runtime, notify_private) != "000000" else "111111")
            navigate(phone, "button:has-text('登录')")
            assert "验证码不正确" in phone.inner_text(".alert")  # named in Chinese, linked to the field
            phone.fill("#code", sent_code(runtime, notify_private))
            navigate(phone, "button:has-text('登录')")
            phone.locator("#mine a").first.wait_for()  # the list page after the sign-in's redirect
            assert phone.locator("#mine a").all_inner_texts() == [ticket]
            problems += checked(phone, "52-mine-list")
            navigate(phone, f"#mine a:has-text('{ticket}')")
            assert "楼道灯坏了一个星期" in phone.inner_text("#content")
            problems += checked(phone, "53-mine-case")
        assert problems == []


def sent_code(runtime, notify_private: str) -> str:
    with runtime.db.engine.connect() as connection:
        body = connection.execute(
            select(bus.outbox.c.body).where(bus.outbox.c.event_type == "resident.sign_in_code_requested.v1")
        ).scalar_one()
    return open_contact(json.loads(body)["payload"]["contact_sealed"], notify_private)["sign_in_code"]
