"""Meetings through the HTTP API on PostgreSQL: access by district and convening unit, notices sent as
events, a hearing refused without timely notice, minutes corrected only by recorded attendees, decisions
with tasks and their overdue flag, the public record without residents' names, and the trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from minqing_evaluation.scheduler import Scheduler
from minqing_kit.tokens import Principal

from .conftest import T0, event, unit

CASE = "case-m1"


def bearer(service, person="tv-c1-h1", unit_id="tv-c1", roles=("community_handler",), district="testville") -> dict:
    token = service.signer.issue(Principal(person, "某人", district, unit_id, roles), now=datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


def plan(service, kind="coordination", starts_at=T0 + timedelta(days=31), **changes) -> dict:
    body = {
        "kind": kind,
        "title": "4号楼漏水协调会",
        "unit_id": "tv-c1",
        "starts_at": starts_at.isoformat(),
        "place": "一号社区党群服务中心",
        "agenda": ["顶层漏水维修方案"],
        "matters": [{"kind": "case", "ref": "TV-20261102-000001"}, {"kind": "unit", "ref": "tv-cgj"}],
        "invitees": [
            {"group": "resident_rep", "name": "王阿姨"},
            {"group": "staff", "name": "张三", "person_id": "tv-c1-h1", "unit_id": "tv-c1"},
            {"group": "unit", "name": "测试街道", "person_id": "tv-s1-h1", "unit_id": "tv-s1"},
        ],
        **changes,
    }
    reply = service.client.post("/api/v1/meetings", json=body, headers=bearer(service))
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()


def with_case(service):
    service.feed(event("case.received.v1", CASE, T0, ticket="TV-20261102-000001"))


def post(service, path, json=None, headers=None, method="post"):
    return getattr(service.client, method)(path, json=json, headers=headers or bearer(service))


def test_a_meeting_names_its_case_matters_and_only_its_unit_and_district_change_it(service):
    with_case(service)
    meeting = plan(service)
    assert meeting["matters"][0] == {"kind": "case", "ref": CASE, "label": "TV-20261102-000001"}
    other_unit = bearer(service, "tv-c2-h1", "tv-c2")
    assert (
        post(service, f"/api/v1/meetings/{meeting['id']}/notices", {"notice": "schedule"}, other_unit).status_code
        == 403
    )
    assert service.client.get(f"/api/v1/meetings/{meeting['id']}", headers=other_unit).status_code == 403
    volunteer = bearer(service, "tv-c1-p1", "tv-c1", ("party_member",))  # of the convening community, no desk
    assert service.client.get(f"/api/v1/meetings/{meeting['id']}", headers=volunteer).status_code == 403
    invited = bearer(service, "tv-s1-h1", "tv-s1", ("street_handler",))
    assert service.client.get(f"/api/v1/meetings/{meeting['id']}", headers=invited).status_code == 200
    elsewhere = bearer(service, district="otherville")
    assert service.client.get(f"/api/v1/meetings/{meeting['id']}", headers=elsewhere).status_code == 404
    missing = service.client.post(
        "/api/v1/meetings",
        json={
            **{k: meeting[k] for k in ("kind", "title", "unit_id", "place", "agenda")},
            "starts_at": meeting["starts_at"],
            "matters": [{"kind": "case", "ref": "TV-NOPE"}],
        },
        headers=bearer(service),
    )
    assert missing.status_code == 422 and missing.get_json()["error"]["fields"][0]["field"] == "matters"
    assert post(service, "/api/v1/meetings", {"kind": "party"}).status_code == 422
    stranger = post(
        service,
        "/api/v1/meetings",
        {
            **{k: meeting[k] for k in ("kind", "title", "unit_id", "place", "agenda", "starts_at")},
            "invitees": [{"group": "staff", "name": "某人", "person_id": "not-a-person"}],
        },
    )
    assert stranger.status_code == 422 and stranger.get_json()["error"]["fields"][0]["field"] == "invitees"


def test_a_hearing_without_timely_notice_is_refused_unless_overridden_with_a_reason(service):
    with_case(service)
    meeting = plan(service, kind="hearing", starts_at=T0 + timedelta(days=20))  # 30 days' recruitment impossible
    for notice in ("recruitment", "schedule", "materials"):
        assert post(service, f"/api/v1/meetings/{meeting['id']}/notices", {"notice": notice}).status_code == 201
    sent = service.emitted("meeting.notice_issued.v1")
    assert [e["payload"]["notice"] for e in sent] == ["recruitment", "schedule", "materials"]
    assert sent[0]["payload"]["invitee_ids"] == ["tv-c1-h1", "tv-s1-h1"]  # staff only, never a resident's name
    attendees = [i["invitee_id"] for i in meeting["invitees"]][:2]
    refused = post(service, f"/api/v1/meetings/{meeting['id']}/attendance", {"attended": attendees})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "notice_not_in_time"
    assert service.emitted("meeting.held.v1") == []
    held = post(
        service, f"/api/v1/meetings/{meeting['id']}/attendance", {"attended": attendees, "override_reason": "汛期抢修"}
    )
    assert held.status_code == 201 and held.get_json()["notice_override"] == "汛期抢修"
    [event_held] = service.emitted("meeting.held.v1")
    assert {k: event_held["payload"][k] for k in ("attended", "invited", "notice_override")} == {
        "attended": 2,
        "invited": 3,
        "notice_override": "汛期抢修",
    }


def test_minutes_are_drafted_by_the_convener_corrected_by_attendees_then_published(service):
    with_case(service)
    meeting = plan(service)
    base = f"/api/v1/meetings/{meeting['id']}"
    [resident, staff, bureau] = [i["invitee_id"] for i in meeting["invitees"]]
    post(service, f"{base}/attendance", {"attended": [resident, staff]})  # the street's man did not come
    assert post(service, f"{base}/minutes", {"text": "纪要草稿"}, method="put").status_code == 200
    absent = bearer(service, "tv-s1-h1", "tv-s1", ("street_handler",))
    refused = post(service, f"{base}/minutes/corrections", {"text": "我没说过这话"}, absent)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "not_an_attendee"
    assert post(service, f"{base}/minutes/corrections", {"text": "费用由维修基金列支"}).status_code == 201
    public = service.client.get(f"/api/v1/districts/testville/meetings/{meeting['id']}").get_json()
    assert public["minutes"] is None  # a draft is not public
    assert post(service, f"{base}/minutes/publication").status_code == 201
    [published] = service.emitted("meeting.minutes_published.v1")
    assert published["payload"]["corrections"] == 1
    public = service.client.get(f"/api/v1/districts/testville/meetings/{meeting['id']}").get_json()
    assert public["minutes"] == "纪要草稿"
    assert "王阿姨" not in str(public)
    assert {g["group"]: (g["invited"], g["attended"]) for g in public["invitees"]}["resident_rep"] == (1, 1)
    staff_view = service.client.get(base, headers=bearer(service)).get_json()
    assert [c["text"] for c in staff_view["corrections"]] == ["费用由维修基金列支"]
    actions = [t["action"] for t in staff_view["trail"]]
    assert actions[:5] == ["planned", "viewed", "held", "viewed", "minutes_drafted"]
    assert "minutes_corrected" in actions and "minutes_published" in actions


def test_a_decision_carries_its_cases_and_tasks_and_an_overdue_task_is_flagged_once(service):
    with_case(service)
    meeting = plan(service)
    base = f"/api/v1/meetings/{meeting['id']}"
    assert post(service, f"{base}/decisions", {"text": "先修", "adopted": True}).status_code == 409  # not held yet
    post(service, f"{base}/attendance", {"attended": []})
    not_adopted = post(service, f"{base}/decisions", {"text": "加装雨棚", "adopted": False})
    assert not_adopted.status_code == 422 and not_adopted.get_json()["error"]["code"] == "reason_required"
    stranger = post(service, f"{base}/decisions", {"text": "x", "adopted": True, "case_ids": ["case-other"]})
    assert stranger.status_code == 422
    decided = post(
        service,
        f"{base}/decisions",
        {
            "text": "物业一周内更换防水层",
            "adopted": True,
            "case_ids": [CASE],
            "tasks": [{"owner_unit_id": "tv-cgj", "description": "更换防水层", "due_in_working_days": 5}],
        },
    )
    assert decided.status_code == 201, decided.get_json()
    [recorded] = service.emitted("meeting.decision_recorded.v1")
    assert recorded["payload"]["case_ids"] == [CASE] and recorded["payload"]["kind"] == "coordination"
    [task] = recorded["payload"]["tasks"]
    assert task["due_at"].startswith("2026-11-09")  # Monday 2 November + 5 working days, end of the day
    scheduler = Scheduler(service.runtime)
    scheduler.run_once()
    assert service.emitted("meeting.task_overdue.v1") == []
    service.later(days=8)
    scheduler.run_once()
    scheduler.run_once()
    [overdue] = service.emitted("meeting.task_overdue.v1")
    assert overdue["payload"]["unit_id"] == "tv-cgj" and overdue["payload"]["description"] == "更换防水层"
    trail = service.client.get(base, headers=bearer(service)).get_json()["trail"]
    assert [(t["action"], t["actor_id"]) for t in trail if t["action"] == "task_overdue"] == [
        ("task_overdue", "scheduler")
    ]
    done = post(service, f"/api/v1/meeting-tasks/{task['task_id']}/completion", headers=bearer(service))
    assert done.status_code == 403  # the convener is not the owner
    owner = bearer(service, "tv-cgj-1", "tv-cgj", ("department_handler",))
    assert post(service, f"/api/v1/meeting-tasks/{task['task_id']}/completion", headers=owner).status_code == 201


def test_the_calendar_lists_the_months_meetings(service):
    with_case(service)
    meeting = plan(service)
    month = (T0 + timedelta(days=31)).strftime("%Y-%m")
    listed = service.client.get(f"/api/v1/districts/testville/meetings?month={month}").get_json()["meetings"]
    assert [(m["id"], m["kind_name"]) for m in listed] == [(meeting["id"], "协调会")]
    assert service.client.get("/api/v1/districts/testville/meetings?month=2026-11").get_json()["meetings"] == []
    assert service.client.get("/api/v1/districts/testville/meetings?month=26-1").status_code == 422
    assert unit("tv-c1")["unit_name"] == "一号社区"
