"""Contacting the resident from the case page (issue 19 item 7), through Flask's test client with routing
on the real broker and PostgreSQL: the handler texts the resident (a template) and asks for a call-back;
each is a step in the history and an event (validated against its schema), and the 首次联系 clock stops;
the fourth text of a day is refused with the text kept; the hotline finds the call-back in its list,
records the outcome, and the list is empty again."""

from __future__ import annotations

from minqing_routing.adapters.tables import cases
from minqing_routing.domain.resident_contact import TEMPLATES

from .test_workbench_pages import Workbench, accepted_cases, steps, text_of


def test_the_handler_texts_the_resident_and_asks_the_hotline_to_call_back(routing):
    [case] = accepted_cases(routing, "HT-PC-1")
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    page = handler.case(case.case_id)
    assert 'id="form-message"' in page and 'id="form-callback"' in page
    assert "热线接线员将在4个工作小时内回拨" in page
    done = handler.act(case.case_id, "message", sms_template="visit", text="")
    assert done.status_code == 303
    [event] = routing.capture.wait(case.case_id, "case.resident_messaged.v1")
    assert event["payload"]["text"] == TEMPLATES["visit"] and event["payload"]["unit_id"] == "ht-c1"
    assert handler.act(case.case_id, "callback", question="垃圾在几号楼旁?").status_code == 303
    [asked] = routing.capture.wait(case.case_id, "case.callback_requested.v1")
    assert asked["payload"]["question"] == "垃圾在几号楼旁?"
    history = text_of(handler.case(case.case_id), "history")
    assert "通过平台短信联系居民" in history and TEMPLATES["visit"] in history
    assert "申请热线回拨" in history and "前回拨:垃圾在几号楼旁?" in history
    with routing.runtime.db.engine.connect() as connection:
        assert connection.execute(cases.select().where(cases.c.id == case.case_id)).one().contact_deadline is None

    hotline = Workbench(routing.api.client.application, "ht-hl")
    listed = hotline.client.get("/workbench/callbacks").get_data(as_text=True)
    assert "HT-PC-1" in text_of(listed, "callbacks") and "垃圾在几号楼旁?" in listed and "张一" in listed
    form = {"csrf_token": hotline.csrf, "reached": "yes", "outcome": "居民说在3号楼东侧"}
    answered = hotline.client.post(f"/workbench/callbacks/{case.case_id}", data=form)
    assert answered.status_code == 303
    [outcome] = routing.capture.wait(case.case_id, "case.callback_answered.v1")
    assert (outcome["payload"]["reached"], outcome["payload"]["outcome"]) == (True, "居民说在3号楼东侧")
    assert "没有待回拨的请求" in hotline.client.get("/workbench/callbacks").get_data(as_text=True)
    again = hotline.client.post(f"/workbench/callbacks/{case.case_id}", data=form)
    assert again.status_code == 409  # nothing waits any more
    [step] = steps(routing, case.case_id, "answer_callback")
    assert step["reason"] == "reached: 居民说在3号楼东侧" and step["actor"]["id"] == "ht-hl"
    assert handler.client.get("/workbench/callbacks").status_code == 404  # the hotline's list only


def test_the_fourth_text_of_a_day_is_refused_and_what_was_typed_stays(routing):
    [case] = accepted_cases(routing, "HT-PC-2")
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    for n in range(3):
        assert handler.act(case.case_id, "message", text=f"第{n + 1}条").status_code == 303
    refused = handler.act(case.case_id, "message", text="第四条")
    assert refused.status_code == 429 and "今日已达3次上限" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600  # until the first text is a day old
    assert ">第四条</textarea>" in refused.get_data(as_text=True)
    assert len(steps(routing, case.case_id, "message_resident")) == 3
