"""The request type (诉求类型) beyond intake: routing keeps case.received.v1's request_type on the case, the
API returns it, the workbench's case page and inbox rows show its label (未分类 for a case from a producer
that does not ask it), the inbox filters by it, and staff filing asks it (none chosen: intake refuses)."""

from __future__ import annotations

import csv
import io
import re

from minqing_routing.pages.filing import submission_from
from minqing_routing.web import create_app

from .harness import received
from .test_workbench_pages import Workbench, text_of


def typed(ticket: str, request_type: str | None):
    case = received(ticket, grid="HT-C1-G01")
    case.payload["request_type"] = request_type
    return case


def tickets_listed(page: str) -> set[str]:
    return set(re.findall(r'data-ticket="([^"]+)"', page))


def test_the_type_is_kept_shown_on_the_case_page_and_inbox_rows_and_filters_the_inbox(routing):
    complaint, praise, untyped = typed("HT-RT-1", "complaint"), typed("HT-RT-2", "praise"), typed("HT-RT-3", None)
    routing.publish(complaint, praise, untyped)
    for case in (complaint, praise, untyped):
        routing.capture.wait(case.case_id, "case.dispatched.v1")
    api = routing.api.get("ht-c1-h1", f"/api/v1/cases/{complaint.case_id}")
    assert api.status_code == 200 and api.get_json()["request_type"] == "complaint"
    assert routing.api.get("ht-c1-h1", f"/api/v1/cases/{untyped.case_id}").get_json()["request_type"] is None

    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    assert text_of(handler.case(complaint.case_id), "request-type") == "投诉"
    assert text_of(handler.case(praise.case_id), "request-type") == "表扬"
    assert text_of(handler.case(untyped.case_id), "request-type") == "未分类"

    inbox = handler.client.get("/workbench").get_data(as_text=True)
    assert tickets_listed(inbox) == {"HT-RT-1", "HT-RT-2", "HT-RT-3"}
    cells = dict(
        re.findall(r'data-ticket="([^"]+)".*?<td data-label="类型" class="request-type">([^<]*)</td>', inbox, re.S)
    )
    assert cells == {"HT-RT-1": "投诉", "HT-RT-2": "表扬", "HT-RT-3": "未分类"}
    assert '<option value="complaint" >投诉</option>' in inbox
    only = handler.client.get("/workbench?type=complaint").get_data(as_text=True)
    assert tickets_listed(only) == {"HT-RT-1"} and '<option value="complaint" selected>投诉</option>' in only
    ignored = handler.client.get("/workbench?type=grumble").get_data(as_text=True)  # unknown: no filter
    assert tickets_listed(ignored) == {"HT-RT-1", "HT-RT-2", "HT-RT-3"}
    exported = handler.client.get("/workbench/export?view=open&format=csv&type=complaint").get_data(as_text=True)
    table = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    assert table[1][:3] == ["编号", "类别", "诉求类型"] and [line[:3:2] for line in table[2:-1]] == [
        ["HT-RT-1", "投诉"]
    ]


def test_staff_filing_asks_the_type_and_sends_it_or_an_empty_choice_for_intake_to_refuse(routing_settings):
    app = create_app(routing_settings)
    form = {"channel": "hotline", "content": "来电咨询老旧小区加装电梯的补贴政策"}
    with app.test_request_context():
        chosen = submission_from({**form, "request_type": "consultation"}, "hilltown")
        none = submission_from(form, "hilltown")
    assert chosen["request_type"] == "consultation" and none["request_type"] == ""
