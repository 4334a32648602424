"""办理有进展时短信通知我 in Chromium at phone size (390x844, JavaScript off): the resident ticks the box on the
form, follows the receipt to the tracking page, sees the SMS on and turns it off (退订) there; axe-core clean,
24 px targets on each page; what intake announced says the same (on at filing, then off)."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import select

from minqing_intake.adapters.tables import bus
from minqing_intake.web import create_app
from minqing_kit.sealing import generate_contact_keypair

from .browser import available, navigate
from .served import checked, intake_runtime


def announced(runtime) -> list[tuple[str, bool]]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(bus.outbox.c.event_type, bus.outbox.c.body).order_by(bus.outbox.c.id))
        return [
            (event_type, payload.get("step_updates", payload.get("enabled")))
            for event_type, body in rows
            for payload in [json.loads(body)["payload"]]
        ]


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_tick_the_box_on_the_form_and_turn_it_off_from_the_tracking_page(make_settings, phone_page):
    _private, notify_public = generate_contact_keypair()
    with intake_runtime(make_settings, NOTIFY_PUBLIC_KEY=notify_public) as runtime:
        with phone_page(create_app(runtime=runtime)) as phone:
            phone.goto(phone.base + "/?district=xinlin")
            assert not phone.is_checked("#step_updates")  # off unless the resident ticks it
            phone.fill("#content", "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶")
            phone.check("#request_type-complaint")
            phone.fill("#address", "新林镇幸福小区1号楼")
            phone.fill("#phone", "139 1234 5678")
            phone.check("#step_updates")
            problems = checked(phone, "60-step-updates-form")
            navigate(phone, "#submit")
            ticket = phone.inner_text("#ticket")
            navigate(phone, "#track-now button")  # 不公开 by default: the secret is posted to the tracking page
            assert "已开启" in phone.inner_text("#step-updates-state")
            problems += checked(phone, "61-step-updates-on")
            navigate(phone, "#step-updates-toggle")
            assert phone.inner_text("#step-updates-done") == "已退订:不再发送办理进展短信。"
            assert "未开启" in phone.inner_text("#step-updates-state")
            assert phone.inner_text("#step-updates-toggle") == "开启进展短信"
            assert ticket in phone.inner_text("h1")
            problems += checked(phone, "62-step-updates-off")
        assert problems == []
        assert announced(runtime) == [("case.received.v1", True), ("case.step_updates_changed.v1", False)]
