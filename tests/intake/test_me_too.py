"""我也遇到了 (me too, issue 18 item 4): before filing, the similar open cases at the place are shown with
public fields only; "me too" files the resident's own case marked as joining the chosen one
(case.received.v1 joins_case_id), "都不是,继续提交" files it on its own. On PostgreSQL, through the
use case and the resident form without JavaScript."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from minqing_contracts import Envelope
from minqing_contracts.org import DuplicatePolicy
from minqing_intake.adapters.tables import bus, cases
from minqing_intake.domain.duplicates import candidate, similar_open
from minqing_intake.domain.submission import Submission
from minqing_intake.similar_cases import similar_open_cases

from .helpers import request_body

ADDRESS = "新林镇幸福小区3号楼"
FIRST = "幸福小区3号楼门前垃圾三天没人清运,气味很大。"
AGAIN = "3号楼门口的垃圾好几天没人清运了,味道很大"
PUBLIC_FIELDS = {"ticket", "category", "category_name", "community", "status", "received_at"}


def filed(client, content: str = FIRST, address: str = ADDRESS, **changes) -> dict:
    response = client.post(
        "/api/v1/cases", json=request_body(content=content, location={"address": address}, **changes)
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def received_events(runtime) -> list[dict]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(bus.outbox).order_by(bus.outbox.c.id)).all()
    envelopes = [Envelope.from_json(r.body) for r in rows]
    return [{"case_id": e.case_id, **e.payload} for e in envelopes if e.type == "case.received.v1"]


def again(content: str = AGAIN) -> Submission:
    return Submission(district="xinlin", channel="web", content=content, address=ADDRESS)


def test_the_most_similar_come_first_and_no_more_than_the_limit():
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)

    def request(case_id: str, text: str, days: int = 0):
        return candidate(case_id, case_id, text, list(text), address=None, address_words=[], building=None,
                         received_at=at - timedelta(days=days))  # fmt: skip

    new = request("new", "楼道灯坏了")
    found = [request("a", "楼道灯坏了很久", 1), request("b", "楼道灯坏了", 2), request("c", "门口垃圾没人清运", 3)]
    found.append(request("d", "楼道灯坏了", 40))  # outside the window
    shown = similar_open(new, found, DuplicatePolicy(), limit=5)
    assert [c.case_id for c in shown] == ["b", "a"]
    assert [c.case_id for c in similar_open(new, found, DuplicatePolicy(), limit=1)] == ["b"]


def test_the_similar_open_cases_show_public_fields_only(client, runtime):
    first = filed(client)
    filed(client, content="幸福小区3号楼门前垃圾堆了好几天没人清运", channel="echo_wall", contact=None)  # anonymous
    closed = filed(client, content="3号楼门前垃圾三天没人清运,很臭")
    filed(client, content="幸福小区1号楼门前垃圾三天没人清运,气味很大。", address="新林镇幸福小区1号楼")
    with runtime.db.engine.begin() as connection:
        connection.execute(update(cases).where(cases.c.id == closed["case_id"]).values(status="resolved"))

    shown = similar_open_cases(runtime, again())
    assert [case["ticket"] for case in shown] == [first["ticket"]]  # not the echo wall's, the closed or building 1's
    assert set(shown[0]) == PUBLIC_FIELDS
    assert shown[0]["category_name"] == "环境卫生" and shown[0]["status"] == "received"
    assert similar_open_cases(runtime, again(content="3号楼的电梯坏了,老人上不了楼")) == []  # another problem


def form(client, **fields) -> dict:
    page = client.get("/?district=xinlin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return {"district": "xinlin", "content": AGAIN, "address": ADDRESS, "phone": "13912345678", "csrf_token": token,
            "request_type": "complaint", **fields}  # fmt: skip


def test_me_too_files_the_residents_own_case_joining_the_chosen_one(client, runtime):
    first = filed(client)
    shown = client.post("/", data=form(client))
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="similar"' in page
    assert f'name="joins_ticket" value="{first["ticket"]}"' in page and "都不是,继续提交" in page
    assert FIRST not in page and len(received_events(runtime)) == 1  # the other case's text is not shown; nothing filed

    joined = client.post("/", data=form(client, joins_ticket=first["ticket"]))
    assert joined.status_code == 303
    own = re.search(r"/receipt/([A-Z]+-\d{8}-\d+)", joined.headers["Location"]).group(1)
    [_, event] = received_events(runtime)
    assert event["ticket"] == own != first["ticket"] and event["joins_case_id"] == first["case_id"]
    assert event["request_type"] == "complaint"  # what the resident chose rides along with the me-too
    assert event["contact_sealed"] and "13912345678" not in str(event)  # their contact sealed as any case's


def test_none_of_them_files_on_its_own_and_an_unknown_ticket_is_filed_too(client, runtime):
    filed(client)
    alone = client.post("/", data=form(client, similar_seen="yes"))
    assert alone.status_code == 303
    unknown = client.post("/", data=form(client, joins_ticket="XL-20000101-999999"))
    assert unknown.status_code == 303
    assert [e["joins_case_id"] for e in received_events(runtime)] == [None, None, None]


def test_a_request_with_problems_is_refused_before_any_list(client, runtime):
    filed(client)
    refused = client.post("/", data=form(client, content="垃圾", phone="123"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="similar"' not in page and 'id="content-error"' in page
