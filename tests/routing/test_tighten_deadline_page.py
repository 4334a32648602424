"""The 包案 leader's 提前办结期限 on the case page (the command ``tighten_deadline``), through Flask's test
client with routing on the real broker and PostgreSQL: only the case's owner is offered the form, the
confirm page says the new deadline and the reason in Chinese, a refused deadline keeps what was typed,
and the confirmed one is the case's deadline, its event and a step of its history. The page names a
proxy's consent (代理) by the words the contracts give it."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .harness import received
from .test_workbench_pages import Workbench, text_of


def test_the_owner_tightens_the_deadline_from_the_case_page_and_only_the_owner_is_offered_it(routing):
    case = received("HT-TD-1", category="property", grid="HT-C1-G01")  # 5 working days to resolve
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    assert routing.api.post("ht-c1-h1", f"{path}/accept").status_code == 200
    app, form_path = routing.api.client.application, f"/workbench/cases/{case.case_id}/do/tighten"
    leader = Workbench(app, "ht-ld")
    assert form_path not in leader.case(case.case_id)  # a leader who does not own the case yet
    assert routing.api.post("ht-ld", f"{path}/own").status_code == 200
    handler = Workbench(app, "ht-c1-h1")
    assert form_path not in handler.case(case.case_id) and form_path in leader.case(case.case_id)

    tz = ZoneInfo(routing.runtime.districts["hilltown"].config.timezone)
    old = datetime.fromisoformat(routing.api.get("ht-ld", path).get_json()["resolution_deadline"])
    later = (old + timedelta(days=1)).astimezone(tz).strftime("%Y-%m-%dT%H:%M")
    refused = leader.client.post(
        form_path,
        data={"csrf_token": leader.csrf, "resolution_deadline": later, "reason": "群众反映强烈", "confirm": "yes"},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "新的办理时限须晚于现在且早于原时限" in page
    assert '<details id="form-tighten" open>' in page and f'value="{later}"' in page  # nothing typed is lost
    assert '<textarea id="reason-tighten" name="reason" maxlength="1000">群众反映强烈</textarea>' in page
    bad = leader.client.post(form_path, data={"csrf_token": leader.csrf, "resolution_deadline": "明天", "reason": "x"})
    assert bad.status_code == 422 and "须为日期和时间" in bad.get_data(as_text=True)

    new = (datetime.now(tz) + timedelta(days=1)).replace(second=0, microsecond=0)
    typed = new.strftime("%Y-%m-%dT%H:%M")
    asked = leader.client.post(
        form_path, data={"csrf_token": leader.csrf, "resolution_deadline": typed, "reason": "群众反映强烈"}
    )
    confirm = html.unescape(asked.get_data(as_text=True))
    assert "<h1>确认提前办结期限?</h1>" in confirm and "<dt>新的办结期限</dt>" in confirm
    assert new.strftime("%Y-%m-%d %H:%M") in confirm and "<dt>理由</dt>" in confirm
    assert not re.search(r"<dt>[a-z_]+</dt>", confirm)  # no raw keys
    by_handler = handler.client.post(
        form_path, data={"csrf_token": handler.csrf, "resolution_deadline": typed, "reason": "x", "confirm": "yes"}
    )
    assert by_handler.status_code == 403 and "包案领导" in by_handler.get_data(as_text=True)
    done = leader.act(case.case_id, "tighten", resolution_deadline=typed, reason="群众反映强烈")
    assert done.status_code == 303 and done.headers["Location"].endswith("?done=tighten")

    assert datetime.fromisoformat(routing.api.get("ht-ld", path).get_json()["resolution_deadline"]) == new
    [event] = routing.capture.wait(case.case_id, "case.deadline_tightened.v1")
    assert (event["payload"]["reason"], datetime.fromisoformat(event["payload"]["resolution_deadline"])) == (
        "群众反映强烈",
        new,
    )
    page = leader.client.get(done.headers["Location"]).get_data(as_text=True)
    assert "操作已完成:提前办结期限" in page
    said = f"包案领导提前办结期限 · 周领 办结期限提前至{new.strftime('%Y-%m-%d %H:%M')},理由:群众反映强烈"
    assert said in text_of(page, "history")


def test_the_case_page_names_the_proxy_s_consent_in_chinese(routing):
    case = received("HT-TD-2", grid="HT-C1-G01")
    case.payload.update(
        channel="proxy",
        first_contact={"kind": "person", "id": "ht-c1-h1", "name": "张一", "unit_id": "ht-c1"},
        proxy_consent={"how": "in_person", "given_at": "2026-11-22T01:00:00Z", "note": "当面口头同意"},
    )
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    page = Workbench(routing.api.client.application, "ht-c1-h1").case(case.case_id)
    assert text_of(page, "proxy") == "ht-c1-h1 · 居民同意:当面同意(当面口头同意)"
