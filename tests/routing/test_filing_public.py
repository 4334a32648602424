"""Staff filing asks 公开 / 不公开 as the resident form does (issue 18): the workbench's filing form offers the
two choices with 不公开 chosen, and what is chosen goes to intake's API as ``public`` (nothing chosen: 不公开);
a matter a grid worker files on a visit is 不公开 unless its 公开 box is ticked.
That a staff-filed 不公开 case is on no public surface: tests/intake/test_public_choice.py."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from werkzeug.datastructures import MultiDict

from minqing_routing.pages.filing import submission_from
from minqing_routing.pages.grid import visit_from_form
from minqing_routing.web import create_app

from .test_workbench_pages import Workbench


def test_the_filing_form_offers_public_or_not_with_non_public_chosen(routing_settings):
    operator = Workbench(create_app(routing_settings), "ht-hl")
    page = operator.client.get("/workbench/file").get_data(as_text=True)
    assert re.findall(r'name="public" value="(\w+)"( checked)?', page) == [("no", " checked"), ("yes", "")]
    assert "<legend>是否公开(请询问来电人)</legend>" in page


def test_the_choice_goes_to_intake_and_nothing_chosen_is_non_public(routing_settings):
    app = create_app(routing_settings)
    form = {"channel": "hotline", "content": "来电反映小区门口路灯不亮", "request_type": "complaint"}
    with app.test_request_context():
        chosen = [submission_from({**form, "public": value}, "hilltown")["public"] for value in ("yes", "no")]
        unanswered = submission_from(form, "hilltown")["public"]
    assert chosen == [True, False] and unanswered is False


def test_a_matter_filed_on_a_visit_is_non_public_unless_ticked():
    row = {"visited_at": "2026-11-24T10:30", "matter-0-content": "楼道灯坏了", "matter-0-outcome": "case"}
    ticked = MultiDict({**row, "matter-1-content": "路面有坑", "matter-1-outcome": "case", "matter-1-public": "yes"})
    matters = visit_from_form(ticked, "hilltown", ZoneInfo("Asia/Shanghai"))["matters"]
    assert [m["public"] for m in matters] == [False, True]


def test_the_filing_form_asks_about_step_sms_unticked_and_sends_only_a_yes(routing_settings):
    operator = Workbench(create_app(routing_settings), "ht-hl")
    page = operator.client.get("/workbench/file").get_data(as_text=True)
    box = re.search(r'<input type="checkbox" id="step_updates"[^>]*>', page).group(0)
    assert "checked" not in box and "同意才勾选" in page
    app = create_app(routing_settings)
    form = {"channel": "hotline", "content": "来电反映小区门口路灯不亮", "request_type": "complaint"}
    with app.test_request_context():
        asked = submission_from({**form, "phone": "13912345678", "step_updates": "yes"}, "hilltown")
        silent = submission_from(form, "hilltown")
    assert asked["step_updates"] is True and silent["step_updates"] is False
