"""The handlers' workbench through Flask's test client, with routing on the real broker and PostgreSQL:
a duplicate merged from its page before anyone signed for it, the history in Chinese with unit names,
the error page's 首页 link leading back to the workbench, confirm pages in Chinese and a refused action
that keeps what was typed."""

from __future__ import annotations

import html
import re

from .harness import DEMO_PASSWORD, received


class Workbench:
    """One person's browser: a test client with its own cookies, signed in through the login form."""

    def __init__(self, app, person: str):
        self.client = app.test_client()
        form = self.client.get("/workbench/login").get_data(as_text=True)
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        signed = self.client.post(
            "/workbench/login",
            data={"district": "hilltown", "person_id": person, "password": DEMO_PASSWORD, "csrf_token": self.csrf},
        )
        assert signed.status_code == 303, signed.get_data(as_text=True)

    def case(self, case_id: str) -> str:
        page = self.client.get(f"/workbench/cases/{case_id}")
        assert page.status_code == 200, page.get_data(as_text=True)
        return page.get_data(as_text=True)

    def act(self, case_id: str, action: str, **fields):
        """Submits the action's form, checks the confirmation page, confirms; the final response."""
        path, form = f"/workbench/cases/{case_id}/do/{action}", {"csrf_token": self.csrf, **fields}
        asked = self.client.post(path, data=form)
        assert asked.status_code == 200 and "<h1>确认" in asked.get_data(as_text=True), asked.get_data(as_text=True)
        return self.client.post(path, data={**form, "confirm": "yes"})


def text_of(page: str, element_id: str) -> str:
    """An element's visible text, tags dropped and white space folded."""
    found = re.search(rf'<(\w+) [^>]*id="{element_id}"[^>]*>(.*?)</\1>', page, re.S).group(2)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found)).split())


def merge_form_offered(page: str, case_id: str) -> bool:
    return f'action="/workbench/cases/{case_id}/do/merge"' in page


def test_a_duplicate_not_yet_signed_for_is_merged_from_its_case_page(routing):
    kept, duplicate = received("HT-WB-1", grid="HT-C1-G01"), received("HT-WB-2", grid="HT-C1-G01")
    routing.publish(kept, duplicate)
    for case in (kept, duplicate):
        routing.capture.wait(case.case_id, "case.dispatched.v1")
    app = routing.api.client.application
    handler, supervisor = Workbench(app, "ht-c1-h1"), Workbench(app, "ht-s1-sv")

    page = handler.case(duplicate.case_id)
    assert text_of(page, "state") == "待签收" and merge_form_offered(page, duplicate.case_id)
    assert "派单 · 系统 · 新 → 待签收 · 转至东一社区 派至最低一级" in text_of(page, "history")
    assert not merge_form_offered(supervisor.case(duplicate.case_id), duplicate.case_id)  # sees it, may not merge

    done = handler.act(duplicate.case_id, "merge", into_ticket="ht-wb-1")
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/cases/{duplicate.case_id}?done=merge")
    page = handler.case(duplicate.case_id)
    assert text_of(page, "state") == "已合并" and not merge_form_offered(page, duplicate.case_id)
    assert "合并 · 张一 · 待签收 → 已合并 合并到诉求 HT-WB-1" in text_of(page, "history")
    [merged] = routing.capture.wait(duplicate.case_id, "case.merged.v1")
    assert (merged["payload"]["into_case_id"], merged["payload"]["into_ticket"]) == (kept.case_id, "HT-WB-1")
    assert "并入重复诉求 · 张一 诉求 HT-WB-2 已并入本诉求" in text_of(handler.case(kept.case_id), "history")


def test_a_case_returned_twice_reads_in_chinese_with_the_units_it_went_to(routing):
    case = received("HT-WB-3", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    for person, reason in (("ht-c2-h1", "属于城管职责"), ("ht-cgj-h1", "属于社区自治范围")):
        body = {"reason_code": "wrong_place", "reason": reason}
        assert routing.api.post(person, f"/api/v1/cases/{case.case_id}/return", body).status_code == 200
    routing.capture.wait(case.case_id, "case.escalated.v1")

    steps = text_of(Workbench(routing.api.client.application, "ht-dp").case(case.case_id), "history")
    assert "派单 · 系统 · 转至城管局 重新派单" in steps
    assert "上报 · 系统 · 转至山城区 退单2次后上报" in steps
    assert "returned" not in steps and "redispatch" not in steps and "lowest_level" not in steps


def test_an_error_page_on_the_workbench_leads_home_to_the_workbench(routing):
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    missing = handler.client.get("/workbench/cases/no-such-case")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404 and missing.content_type.startswith("text/html") and "未找到该诉求" in page
    assert '<a href="/workbench" id="home">首页</a>' in page


def test_confirm_pages_speak_chinese_and_a_refused_resolve_keeps_the_typed_reply(routing):
    case = received("HT-WB-5", category="demolition", grid="HT-C1-G01")  # a joint case by rule: parts open
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.joint_opened.v1")
    lead = Workbench(routing.api.client.application, "ht-zjj-h1")
    assert lead.act(case.case_id, "accept").status_code == 303
    page = lead.case(case.case_id)
    assert '<details id="form-resolve" >' in page  # 办结 is behind its button, not open

    path, typed = f"/workbench/cases/{case.case_id}/do/resolve", "已完成安置,补偿款已发放到位"
    asked = lead.client.post(path, data={"csrf_token": lead.csrf, "outcome": "explanation", "reply": typed})
    confirm = asked.get_data(as_text=True)
    assert "<dt>办结方式</dt>" in confirm and "解释说明(政策不允许)" in confirm and "<dt>答复内容</dt>" in confirm
    assert not re.search(r"<dt>[a-z_]+</dt>", confirm)  # no raw keys (outcome, reply)

    refused = lead.client.post(
        path, data={"csrf_token": lead.csrf, "outcome": "explanation", "reply": typed, "confirm": "yes"}
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "协办" in page
    assert f'<textarea id="reply" name="reply">{typed}</textarea>' in page  # nothing typed is lost
    assert '<details id="form-resolve" open>' in page
    assert 'value="explanation" checked' in page


def test_intake_s_duplicate_suggestion_is_on_the_case_page_and_merges_in_one_click(routing):
    kept = received("HT-WB-6", grid="HT-C1-G01")
    duplicate = received("HT-WB-7", grid="HT-C1-G01", duplicate_of=kept.case_id)
    routing.publish(kept, duplicate)
    for case in (kept, duplicate):
        routing.capture.wait(case.case_id, "case.dispatched.v1")
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    page = handler.case(duplicate.case_id)
    assert "疑似与 HT-WB-6 重复" in text_of(page, "duplicate-suggestion")
    assert handler.act(duplicate.case_id, "merge", into_ticket="HT-WB-6").status_code == 303
    page = handler.case(duplicate.case_id)
    assert text_of(page, "state") == "已合并" and 'id="duplicate-suggestion"' not in page


def accepted_cases(routing, *tickets: str) -> list:
    found = [received(t, grid="HT-C1-G01") for t in tickets]
    routing.publish(*found)
    for case in found:
        routing.capture.wait(case.case_id, "case.dispatched.v1")
        assert routing.api.post("ht-c1-h1", f"/api/v1/cases/{case.case_id}/accept").status_code == 200
    return found


def steps(routing, case_id: str, action: str) -> list[dict]:
    history = routing.api.get("ht-c1-h1", f"/api/v1/cases/{case_id}").get_json()["history"]
    return [s for s in history if s["action"] == action]


def test_a_bulk_reply_with_a_template_gives_each_case_its_own_step(routing):
    first, second = accepted_cases(routing, "HT-WB-8", "HT-WB-9")
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    inbox = handler.client.get("/workbench").get_data(as_text=True)
    assert 'value="cleared"' in inbox and 'value="other_unit"' not in inbox  # the unit's templates only
    form = {
        "csrf_token": handler.csrf,
        "action": "reply",
        "template": "cleared",
        "case_id": [first.case_id, second.case_id],
    }
    asked = handler.client.post("/workbench/bulk", data=form).get_data(as_text=True)
    assert "确认批量答复办结" in asked and "HT-WB-8" in asked and "HT-WB-9" in asked and "<dt>答复模板</dt>" in asked
    done = handler.client.post("/workbench/bulk", data={**form, "confirm": "yes"}).get_data(as_text=True)
    assert "完成 2 件,未完成 0 件" in text_of(done, "bulk-summary")
    for case in (first, second):
        [step] = steps(routing, case.case_id, "resolve")
        assert step["reason"] == "reply: 垃圾已清运完毕,将加强日常巡查。" and step["actor"]["id"] == "ht-c1-h1"
    again = handler.client.post("/workbench/bulk", data={**form, "confirm": "yes"}).get_data(as_text=True)
    assert "完成 0 件,未完成 2 件" in text_of(again, "bulk-summary")  # each refused on its own, nothing lost


def test_a_reveal_needs_a_reason_is_audited_first_and_shown_to_supervisors(routing):
    [case] = accepted_cases(routing, "HT-WB-10")
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    path = f"/workbench/cases/{case.case_id}/contact"
    page = handler.client.get(path).get_data(as_text=True)
    assert "查看人:张一(ht-c1-h1)" in text_of(page, "watermark")
    refused = handler.client.post(path, data={"csrf_token": handler.csrf, "reason": " "})
    assert refused.status_code == 422 and steps(routing, case.case_id, "reveal_contact") == []
    handler.client.post(path, data={"csrf_token": handler.csrf, "reason": "需电话核实位置"})  # notify is not running
    [step] = steps(routing, case.case_id, "reveal_contact")  # recorded before anything is shown
    assert (step["reason"], step["actor"]["id"]) == ("需电话核实位置", "ht-c1-h1")
    assert "查看居民联系方式 · 张一 需电话核实位置" in text_of(handler.case(case.case_id), "history")  # their own
    supervisor = Workbench(routing.api.client.application, "ht-s1-sv")
    assert "查看居民联系方式 · 张一 需电话核实位置" in text_of(supervisor.case(case.case_id), "history")


def test_someone_else_s_reveal_is_left_out_of_the_case_api_and_page_for_a_handler(routing):
    """Only overseers and the revealer read who revealed the contact and why, in the JSON API and the page."""
    [case] = accepted_cases(routing, "HT-WB-11")
    supervisor = Workbench(routing.api.client.application, "ht-s1-sv")
    supervisor.client.post(
        f"/workbench/cases/{case.case_id}/contact", data={"csrf_token": supervisor.csrf, "reason": "核实"}
    )
    read = lambda person: routing.api.get(person, f"/api/v1/cases/{case.case_id}").get_json()["history"]  # noqa: E731
    assert [s["actor"]["id"] for s in read("ht-s1-sv") if s["action"] == "reveal_contact"] == ["ht-s1-sv"]
    assert [s["actor"]["id"] for s in read("ht-ld") if s["action"] == "reveal_contact"] == ["ht-s1-sv"]
    handler_sees = read("ht-c1-h1")
    assert [s["action"] for s in handler_sees if s["action"] in ("accept", "reveal_contact")] == ["accept"]
    assert "查看居民联系方式" not in text_of(
        Workbench(routing.api.client.application, "ht-c1-h1").case(case.case_id), "history"
    )
