"""The track page's timeline (办理过程) in plain Chinese: every step routing and evaluation tell intake
about, each with its unit and the deadline it set (签收, 办结, 联办, 督办), a 派单 after a 退单 named
重新派单; the steps are written by intake's handler on PostgreSQL and read back through the page."""

from __future__ import annotations

from datetime import timedelta

from minqing_contracts import PAYLOADS
from minqing_intake.case_tracking import TRACK
from minqing_intake.domain.tracking import change_for
from minqing_intake.pages.labels import timeline

from .helpers import request_body
from .test_tracking_bus import T0, routing_event


def model(envelope):
    """The payload as the consumer hands it to a handler: its class, read from the envelope's JSON."""
    return PAYLOADS[envelope.type].model_validate(envelope.payload)


def at(hours: int) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def test_each_event_sets_its_steps_unit_and_deadline():
    dispatched = routing_event("case.dispatched.v1", "c1", 1, acceptance_deadline=at(3), response_deadline=at(24))
    change = change_for(model(dispatched))
    assert (change.step_kind, change.step_unit_name, change.deadline.isoformat()) == ("dispatched", "幸福社区", at(3))
    returned = change_for(model(routing_event("case.returned.v1", "c1", 2)))
    assert returned.unit_name is None and returned.step_unit_name  # the returning unit is the step's, not the case's
    part = {"part_id": "p", "unit_id": "u", "task": "t"}
    joint = routing_event(
        "case.joint_opened.v1",
        "c1",
        3,
        parts=[
            {**part, "unit_name": "城管局", "lead": True, "deadline": at(48)},
            {**part, "unit_name": "住建局", "deadline": at(72)},
            {**part, "unit_name": "供电所", "deadline": None},
        ],
    )
    change = change_for(model(joint))
    assert (change.step_unit_name, change.note, change.deadline.isoformat()) == (
        "城管局",
        "协办单位:住建局、供电所",
        at(72),
    )
    supervised = change_for(model(routing_event("case.supervised.v1", "c1", 4, deadline=at(30))))
    assert (supervised.step_kind, supervised.status, supervised.note) == ("supervised", None, None)  # notice not public
    assert supervised.deadline.isoformat() == at(30)


def test_the_timeline_says_every_step_in_plain_chinese_with_units_and_deadlines():
    view = {
        "received_at": at(0),
        "unit": "幸福社区",
        "steps": [
            {"at": at(1), "kind": "dispatched", "unit": "幸福社区", "note": None, "deadline": at(3)},
            {"at": at(2), "kind": "returned", "unit": "幸福社区", "note": "不属于本社区", "deadline": None},
            {"at": at(3), "kind": "dispatched", "unit": "城管局", "note": None, "deadline": at(5)},
            {"at": at(4), "kind": "accepted", "unit": "城管局", "note": None, "deadline": at(48)},
            {"at": at(5), "kind": "supervised", "unit": "城管局", "note": None, "deadline": at(30)},
            {"at": at(6), "kind": "reply", "unit": "城管局", "note": "已清运", "deadline": None},
            {"at": at(7), "kind": "rated", "unit": None, "note": "not_satisfied", "deadline": None},
            {"at": at(8), "kind": "reopened", "unit": "城管局", "note": "没有清干净", "deadline": at(96)},
        ],
    }
    steps = timeline(view)
    assert [s["name"] for s in steps] == [
        "受理",
        "派单",
        "退单",
        "重新派单",
        "签收",
        "督办",
        "答复",
        "居民评价",
        "重办",
    ]
    assert [s["deadline_name"] for s in steps if s["deadline"]] == [
        "签收时限",
        "签收时限",
        "办结时限",
        "督办时限",
        "办结时限",
    ]
    says = [s["says"] for s in steps]
    assert says[2] == "幸福社区认为不属于本单位职责,已退回,将重新派单。"
    assert says[3] == "原承办单位退回后,已重新派给城管局办理。"
    assert says[5] == "因办理时限临近或已过,上级已对城管局督办。"
    assert steps[7]["note"] == "不满意"
    assert not any(s["says"] and ("{" in s["says"] or "None" in s["says"]) for s in steps)


def test_the_track_page_shows_each_steps_unit_and_local_deadline(client, runtime):
    receipt = client.post("/api/v1/cases", json=request_body()).get_json()
    case_id, ticket = receipt["case_id"], receipt["ticket"]
    events = [
        routing_event("case.dispatched.v1", case_id, 60, acceptance_deadline=at(3), response_deadline=at(24)),
        routing_event("case.returned.v1", case_id, 90, reason="不属于本社区职责"),
        routing_event("case.dispatched.v1", case_id, 120, unit_name="城管局", acceptance_deadline=at(5)),
        routing_event("case.accepted.v1", case_id, 150, unit_name="城管局", resolution_deadline=at(48)),
        routing_event("case.supervised.v1", case_id, 180, unit_name="城管局", deadline=at(30)),
    ]
    with runtime.db.transaction() as session:  # one consumer batch
        TRACK.handle(session, [(envelope, model(envelope)) for envelope in events])
    page = client.get(f"/track/{ticket}").get_data(as_text=True)
    timeline_html = page.split('id="timeline"')[1].split("</ol>")[0]
    for text in ["受理", "派单", "退单", "重新派单", "签收", "督办", "城管局", "签收时限", "办结时限", "督办时限"]:
        assert text in timeline_html, text
    assert "2026-11-22 13:00" in timeline_html  # the 签收 deadline of 05:00 UTC in Xinlin's time (UTC+8)
    assert "已超过办理时限" not in timeline_html  # the supervision notice stays internal
    api_steps = client.get(f"/api/v1/cases/{ticket}").get_json()["steps"]
    assert [s["deadline"] for s in api_steps][:1] == ["2026-11-22T05:00:00+00:00"]
