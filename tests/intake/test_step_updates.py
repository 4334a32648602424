"""办理有进展时短信通知我 in intake, in-process on PostgreSQL: the form's box (off unless ticked, a phone needed,
none on the echo wall), the choice in case.received.v1, and turning it off and on again from the tracking page
(the secret), 我的诉求 (signed in) or the API: each change audited and announced once, never with the phone."""

from __future__ import annotations

import re

from sqlalchemy import select

from minqing_intake.adapters.tables import step_update_changes

from .helpers import PHONE, request_body
from .test_my_requests import ask_code, csrf, sent_codes, sign_in
from .test_submit_api import outbox_events

FORM = {"district": "xinlin", "content": "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶", "request_type": "complaint"}


def file_form(client, **fields):
    data = {**FORM, "address": "新林镇幸福小区1号楼", **fields, "csrf_token": csrf(client, "/?district=xinlin")}
    return client.post("/", data=data)


def changes(runtime) -> list[tuple[bool, str]]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(step_update_changes).order_by(step_update_changes.c.id)).all()
    return [(r.enabled, r.how) for r in rows]


def announced(runtime, event_type: str) -> list[dict]:
    return [e.payload for e in outbox_events(runtime) if e.type == event_type]


def test_the_form_offers_the_box_unticked_and_files_the_choice(client, runtime):
    page = client.get("/?district=xinlin").get_data(as_text=True)
    box = re.search(r'<input type="checkbox" id="step_updates"[^>]*>', page).group(0)
    assert "checked" not in box and '<label for="step_updates">办理有进展时短信通知我</label>' in page
    assert "退订" in page  # the hint says how to stop
    assert file_form(client, phone=PHONE, step_updates="yes").status_code == 303
    assert file_form(client, phone="13700000000").status_code == 303
    [asked, silent] = announced(runtime, "case.received.v1")
    assert asked["step_updates"] is True and silent["step_updates"] is False
    assert PHONE not in str(asked)


def test_the_box_without_a_phone_or_on_the_echo_wall_is_refused_in_chinese(client, runtime):
    page = file_form(client, step_updates="yes")
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and "如需短信通知办理进展,请填写手机号" in text and 'href="#step_updates"' in text
    assert 'id="step_updates" name="step_updates" value="yes" aria-describedby="step_updates-hint" checked' in text
    wall = client.post("/api/v1/cases", json=request_body(channel="echo_wall", contact=None, step_updates=True))
    assert wall.status_code == 422 and wall.get_json()["error"]["fields"][0]["field"] == "step_updates"
    assert announced(runtime, "case.received.v1") == []


def test_the_tracking_page_turns_it_off_and_on_without_javascript(client, runtime):
    receipt = client.post("/api/v1/cases", json=request_body(step_updates=True)).get_json()
    ticket, secret = receipt["ticket"], receipt["tracking_secret"]
    track = f"/track/{ticket}"
    page = client.post(track, data={"secret": secret, "csrf_token": csrf(client, track)}).get_data(as_text=True)
    assert "已开启" in page and "退订进展短信" in page
    form = {"secret": secret, "step_updates": "off", "csrf_token": csrf(client, track)}
    off = client.post(f"{track}/updates", data=form)
    text = off.get_data(as_text=True)
    assert off.status_code == 200 and "已退订:不再发送办理进展短信。" in text and "开启进展短信" in text
    again = client.post(f"{track}/updates", data=form)  # the same choice twice: nothing more happens
    assert again.status_code == 200
    on = client.post(f"{track}/updates", data={**form, "step_updates": "on", "csrf_token": csrf(client, track)})
    assert "已开启:办理有进展时会发短信通知您。" in on.get_data(as_text=True)
    assert [p["enabled"] for p in announced(runtime, "case.step_updates_changed.v1")] == [False, True]
    assert changes(runtime) == [(False, "tracking"), (True, "tracking")]
    wrong = client.post(f"{track}/updates", data={**form, "secret": "guess", "csrf_token": csrf(client, track)})
    assert wrong.status_code == 403 and "查询密码与编号不符" in wrong.get_data(as_text=True)


def test_my_requests_turns_it_off_signed_in(client, runtime, keys):
    receipt = client.post("/api/v1/cases", json=request_body(step_updates=True)).get_json()
    ask_code(client)
    [(request_id, contact)] = sent_codes(runtime, keys)
    sign_in(client, request_id, contact["sign_in_code"])
    page = client.get(f"/mine/{receipt['ticket']}").get_data(as_text=True)
    assert "退订进展短信" in page and 'name="secret"' not in page  # the cookie proves it, no secret on the page
    form = {"step_updates": "off", "csrf_token": csrf(client, f"/mine/{receipt['ticket']}")}
    off = client.post(f"/track/{receipt['ticket']}/updates", data=form)
    assert off.status_code == 200 and "已退订" in off.get_data(as_text=True)
    assert changes(runtime) == [(False, "mine")]


def test_the_api_turns_it_off_and_a_case_without_a_phone_cannot_have_it(client, runtime):
    receipt = client.post("/api/v1/cases", json=request_body(step_updates=True)).get_json()
    path, secret = f"/api/v1/cases/{receipt['ticket']}/step-updates", {"X-Tracking-Secret": receipt["tracking_secret"]}
    off = client.put(path, json={"enabled": False}, headers=secret)
    assert off.status_code == 200 and off.get_json() == {"ticket": receipt["ticket"], "step_updates": False}
    assert client.get(f"/api/v1/cases/{receipt['ticket']}", headers=secret).get_json()["step_updates"] is False
    assert client.put(path, json={"enabled": "yes"}, headers=secret).status_code == 422
    assert client.put(path, json={"enabled": True}).status_code == 403
    bare = client.post("/api/v1/cases", json=request_body(contact=None)).get_json()
    refused = client.put(
        f"/api/v1/cases/{bare['ticket']}/step-updates",
        json={"enabled": True},
        headers={"X-Tracking-Secret": bare["tracking_secret"]},
    )
    assert refused.status_code == 409 and refused.get_json()["error"]["message_zh"] == "该诉求未留手机号,无法短信通知"
    assert [p["enabled"] for p in announced(runtime, "case.step_updates_changed.v1")] == [False]
