"""The JSON API twin of contacting the resident through the platform (issue 19 item 7), with routing on
the real broker and PostgreSQL: the case's unit texts the resident (a template or its own words) and asks
for a call-back; the district's hotline operators list the waiting call-backs and record the outcome.
Another unit gets 404 (the case is not theirs to see), a role without the duty 403, the fourth text of a
day 429 with Retry-After, and bodies of the wrong shape 422 naming the field."""

from __future__ import annotations

from datetime import datetime

from minqing_routing.domain.resident_contact import TEMPLATES

from .harness import received
from .test_workbench_pages import accepted_cases, steps

HANDLER, HOTLINE = "ht-c1-h1", "ht-hl"
LIST = "/api/v1/districts/hilltown/callbacks"


def test_the_unit_texts_and_asks_for_a_call_back_and_the_hotline_answers_it(routing):
    [case] = accepted_cases(routing, "HT-CA-1")
    path = f"/api/v1/cases/{case.case_id}"
    sent = routing.api.post(HANDLER, f"{path}/resident-messages", {"template": "hotline"})
    assert sent.status_code == 200 and sent.get_json()["events"] == ["case.resident_messaged.v1"]
    [event] = routing.capture.wait(case.case_id, "case.resident_messaged.v1")
    assert event["payload"]["text"] == TEMPLATES["hotline"]
    typed = routing.api.post(HANDLER, "/api/v1/cases/HT-CA-1/resident-messages", {"text": " 明天上午上门 "})
    assert typed.status_code == 200  # by its ticket number too
    assert [s["reason"] for s in steps(routing, case.case_id, "message_resident")] == [
        TEMPLATES["hotline"],
        "明天上午上门",
    ]

    asked = routing.api.post(HANDLER, f"{path}/callbacks", {"question": "垃圾在几号楼旁?"})
    assert asked.status_code == 200 and asked.get_json()["events"] == ["case.callback_requested.v1"]
    listed = routing.api.get(HOTLINE, LIST)
    assert listed.status_code == 200
    [waiting] = listed.get_json()["callbacks"]
    assert (waiting["ticket"], waiting["question"], waiting["asked_by"], waiting["unit_id"]) == (
        "HT-CA-1",
        "垃圾在几号楼旁?",
        "张一",
        "ht-c1",
    )
    assert datetime.fromisoformat(waiting["due_at"]) > datetime.fromisoformat(waiting["asked_at"])
    assert routing.api.get(HANDLER, LIST).status_code == 403  # the hotline's list
    assert routing.api.get(HOTLINE, "/api/v1/districts/riverside/callbacks").status_code == 404  # served, not theirs
    assert (
        routing.api.post(HANDLER, f"{path}/callbacks/outcome", {"reached": True, "outcome": "3号楼"}).status_code == 403
    )

    answered = routing.api.post(HOTLINE, f"{path}/callbacks/outcome", {"reached": True, "outcome": "居民说在3号楼东侧"})
    assert answered.status_code == 200 and answered.get_json()["events"] == ["case.callback_answered.v1"]
    assert routing.api.get(HOTLINE, LIST).get_json() == {"callbacks": [], "count": 0}
    again = routing.api.post(HOTLINE, f"{path}/callbacks/outcome", {"reached": False, "outcome": "未接通"})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "no_callback")
    assert [s["reason"] for s in steps(routing, case.case_id, "answer_callback")] == ["reached: 居民说在3号楼东侧"]


def test_another_unit_does_not_find_the_case(routing):
    [case] = accepted_cases(routing, "HT-CA-2")
    path = f"/api/v1/cases/{case.case_id}"
    for action, body in (("resident-messages", {"text": "您好"}), ("callbacks", {"question": "在哪?"})):
        refused = routing.api.post("ht-c2-h1", f"{path}/{action}", body)
        assert (refused.status_code, refused.get_json()["error"]["message_zh"]) == (404, "未找到该诉求")
    assert steps(routing, case.case_id, "message_resident") == steps(routing, case.case_id, "request_callback") == []


def test_a_case_with_no_contact_on_file_is_refused_with_the_reason(routing):
    case = received("HT-CA-5", grid="HT-C1-G01", contact_sealed=None)  # the resident left no contact
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    assert routing.api.post(HANDLER, f"{path}/accept").status_code == 200
    for action, body in (("resident-messages", {"template": "visit"}), ("callbacks", {"question": "在哪?"})):
        refused = routing.api.post(HANDLER, f"{path}/{action}", body)
        assert refused.status_code == 409 and refused.get_json()["error"]["message_zh"] == "该诉求未留联系电话"
    assert steps(routing, case.case_id, "message_resident") == steps(routing, case.case_id, "request_callback") == []


def test_over_the_day_s_limit_429_says_when_to_try_again(routing):
    [case] = accepted_cases(routing, "HT-CA-3")
    path = f"/api/v1/cases/{case.case_id}"
    for n in range(3):
        assert routing.api.post(HANDLER, f"{path}/resident-messages", {"text": f"第{n + 1}条"}).status_code == 200
    refused = routing.api.post(HANDLER, f"{path}/resident-messages", {"text": "第四条"})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (429, "too_many_contacts")
    assert 24 * 3600 - 60 < int(refused.headers["Retry-After"]) <= 24 * 3600  # the first text, a day after it
    for n in range(2):
        assert routing.api.post(HANDLER, f"{path}/callbacks", {"question": f"问题{n}"}).status_code == 200
    third = routing.api.post(HANDLER, f"{path}/callbacks", {"question": "问题3"})
    assert third.status_code == 429 and int(third.headers["Retry-After"]) > 24 * 3600 - 60
    assert len(steps(routing, case.case_id, "message_resident")) == 3
    assert len(steps(routing, case.case_id, "request_callback")) == 2


def test_bodies_of_the_wrong_shape_are_refused_naming_the_field(routing):
    [case] = accepted_cases(routing, "HT-CA-4")
    path = f"/api/v1/cases/{case.case_id}"
    cases = (
        ("resident-messages", {"text": "字" * 121}, "text"),
        ("resident-messages", {"template": "threat"}, "template"),
        ("resident-messages", {"text": 12345}, "text"),
        ("callbacks", {}, "question"),
        ("callbacks", {"question": "  "}, "question"),
        ("callbacks/outcome", {"reached": "yes", "outcome": "已联系"}, "reached"),
    )
    for action, body, field in cases:
        refused = routing.api.post(HOTLINE if action == "callbacks/outcome" else HANDLER, f"{path}/{action}", body)
        assert refused.status_code == 422, (action, body)
        assert [f["field"] for f in refused.get_json()["error"]["fields"]] == [field], (action, body)
    neither = routing.api.post(HANDLER, f"{path}/resident-messages", {})
    assert (neither.status_code, neither.get_json()["error"]["code"]) == (422, "text_required")
    assert steps(routing, case.case_id, "message_resident") == [] and case_has_no_callback(routing, case.case_id)


def case_has_no_callback(routing, case_id: str) -> bool:
    return steps(routing, case_id, "request_callback") == steps(routing, case_id, "answer_callback") == []
