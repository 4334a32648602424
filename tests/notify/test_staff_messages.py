"""Handlers, supervisors and units hear about their work, end to end through the broker."""

from __future__ import annotations

import base64
import hashlib
import hmac

from support.workers import wait_for


def _by_recipient(rows) -> set[tuple[str, str, str]]:
    return {(r.recipient_ref, r.channel, r.status) for r in rows}


def _staff_settled(notify, count: int) -> bool:
    rows = [r for r in notify.deliveries() if r.recipient_kind != "resident"]
    return len(rows) == count and all(r.status in ("sent", "failed", "skipped") for r in rows)


def test_dispatch_reaches_the_units_handlers_and_its_robots(notify):
    dispatched = notify.envelope(
        "case.dispatched.v1",
        case_id="c-d",
        ticket="NV-9",
        unit_id="nv-cgj",
        unit_name="城管局",
        level="department",
        category="environment",
    )
    anonymous = notify.envelope("case.received.v1", case_id="c-d", anonymous=True, contact_sealed=None)
    with notify.workers():
        notify.publish(anonymous, dispatched)
        wait_for(lambda: notify.settled(4, case_id="c-d"), what="handler and robot deliveries")
    staff = notify.deliveries(case_id="c-d")
    assert _by_recipient(staff) == {
        ("nv-cgj-h1", "inapp", "sent"),
        ("nv-cgj-h1", "sms", "sent"),
        ("nv-cgj", "wecom", "sent"),
        ("nv-cgj", "dingtalk", "sent"),
    }
    [wecom] = notify.http.on("/wecom/cgj")
    assert wecom.json["msgtype"] == "markdown"
    assert wecom.json["markdown"]["content"].startswith("**新派单 NV-9**\n【通知区】城管局收到新派单NV-9（环境卫生）")
    [ding] = notify.http.on("/dingtalk/cgj")
    assert ding.json["markdown"]["title"] == "新派单 NV-9"
    timestamp = ding.query["timestamp"][0]
    expected = base64.b64encode(hmac.new(b"SECtest", f"{timestamp}\nSECtest".encode(), hashlib.sha256).digest())
    assert ding.query["sign"][0] == expected.decode() and ding.query["access_token"] == ["t1"]
    [sms] = [r for r in notify.http.on("/sms") if r.json["to"] == "13900000005"]
    assert "请在2026-11-23 17:00前签收" in sms.json["text"]


def test_inbox_shows_new_assignments_unread_then_read(notify):
    deadline = notify.envelope(
        "deadline.approaching.v1", case_id="c-i", ticket="NV-5", unit_id="nv-c1", unit_name="一号社区"
    )
    with notify.workers():
        notify.publish(deadline)
        wait_for(lambda: notify.settled(4, case_id="c-i"), what="two handlers, inbox and SMS each")
    client = notify.app()
    headers = notify.token("nv-c1-h1", "nv-c1", "community_handler")
    inbox = client.get("/api/v1/inbox", headers=headers).json
    assert inbox["unread"] == 1
    [message] = inbox["messages"]
    assert message["title"] == "时限提醒 NV-5" and "办理时限为2026-12-01 17:00，即将到期" in message["body"]
    assert client.post(f"/api/v1/inbox/{message['id']}/read", headers=headers).json["read"] is True
    assert client.get("/api/v1/inbox?unread=true", headers=headers).json == {"unread": 0, "messages": []}
    other = notify.token("nv-c1-h2", "nv-c1", "community_handler")
    assert client.post(f"/api/v1/inbox/{message['id']}/read", headers=other).status_code == 404
    assert client.get("/api/v1/inbox").status_code == 401


def test_supervision_escalation_return_joint_and_rectification_reach_the_right_people(notify):
    events = [
        notify.envelope("case.supervised.v1", case_id="c-s", unit_id="nv-c1", supervisor_unit_id="nv-s1"),
        notify.envelope("case.escalated.v1", case_id="c-e", unit_id="nv-s1", unit_name="通知街道", level="street"),
        notify.envelope("case.returned.v1", case_id="c-r", unit_id="nv-c1"),
        notify.envelope(
            "case.joint_opened.v1",
            case_id="c-j",
            lead_unit_id="nv-cgj",
            parts=[
                {
                    "part_id": "p1",
                    "unit_id": "nv-cgj",
                    "unit_name": "城管局",
                    "task": "清运垃圾",
                    "deadline": None,
                    "lead": True,
                },
                {"part_id": "p2", "unit_id": "nv-zjj", "unit_name": "住建局", "task": "修复围挡", "deadline": None},
            ],
        ),
        notify.envelope("project.rectification_required.v1", case_id=None, unit_id="nv-zjj", project_name="加装电梯"),
    ]
    with notify.workers():
        notify.publish(*events)
        wait_for(lambda: _staff_settled(notify, 21), what="21 deliveries to staff and units settled")
    # the escalation's step SMS to its resident, had they asked for it, waits for a receipt these cases lack
    staff = lambda e: [r for r in notify.deliveries(source_event_id=e.event_id) if r.recipient_kind != "resident"]  # noqa: E731
    got = {e.type: _by_recipient(staff(e)) for e in events}
    assert got["case.supervised.v1"] == {
        ("nv-c1-h1", "inapp", "sent"),
        ("nv-c1-h1", "sms", "sent"),
        ("nv-c1-h2", "inapp", "sent"),
        ("nv-c1-h2", "sms", "sent"),
        ("nv-s1-h1", "inapp", "sent"),
        ("nv-s1-h1", "email", "sent"),
    }
    assert got["case.escalated.v1"] == {
        ("nv-s1-h1", "inapp", "sent"),
        ("nv-s1-h1", "sms", "sent"),
        ("nv-s1-h1", "email", "sent"),
    }
    assert got["case.returned.v1"] == {("nv-d-h1", "inapp", "sent")}
    assert got["case.joint_opened.v1"] == {
        ("nv-cgj-h1", "inapp", "sent"),
        ("nv-cgj-h1", "sms", "sent"),
        ("nv-zjj-h1", "inapp", "sent"),
        ("nv-cgj", "wecom", "sent"),
        ("nv-cgj", "dingtalk", "sent"),
        ("nv-cgj", "email", "sent"),
        ("nv-zjj", "wecom", "sent"),
        ("nv-zjj", "email", "sent"),
    }
    assert got["project.rectification_required.v1"] == {
        ("nv-zjj", "wecom", "sent"),
        ("nv-zjj", "email", "sent"),
        ("nv-zjj-h1", "inapp", "sent"),
    }
    mails = {(m["to"][0], m["subject"]) for m in notify.smtp.messages}
    assert ("wangwu@example.org", "督办件 XL-20261122-000042") in mails
    assert ("zjj@example.org", "项目整改通知 加装电梯") in mails
    zjj_mail = next(
        m
        for m in notify.smtp.messages
        if m["subject"] == "联办会办邀请 XL-20261122-000042" and m["to"] == ["zjj@example.org"]
    )
    assert "住建局为协办单位，任务：修复围挡" in zjj_mail["body"]
    rectification = next(m for m in notify.smtp.messages if m["subject"] == "项目整改通知 加装电梯")
    assert "不满意率32.5%" in rectification["body"] and "2027-01-31 17:00前完成整改" in rectification["body"]


def test_unanswered_followups_and_finished_parts_reach_who_must_act(notify):
    unanswered = notify.envelope("evaluation.unanswered.v1", case_id="c-u", ticket="NV-7", unit_id="nv-c1")
    finished = notify.envelope(
        "case.part_completed.v1",
        case_id="c-p",
        ticket="NV-8",
        unit_id="nv-zjj",
        unit_name="住建局",
        lead_unit_id="nv-cgj",
    )
    events = (unanswered, finished)
    with notify.workers():
        notify.publish(*events)
        wait_for(lambda: notify.settled(4), what="4 deliveries settled")
    got = [_by_recipient(notify.deliveries(source_event_id=e.event_id)) for e in events]
    assert got[0] == {("nv-c1-h1", "inapp", "sent"), ("nv-c1-h2", "inapp", "sent")}
    assert got[1] == {("nv-cgj-h1", "inapp", "sent"), ("nv-cgj-h1", "sms", "sent")}  # the lead, not the co-handler
    lead_sms = [r.json["text"] for r in notify.http.on("/sms") if r.json["to"] == "13900000005"]
    assert any("诉求NV-8的协办单位住建局已完成协办事项" in text for text in lead_sms)
    client = notify.app()
    inbox = client.get("/api/v1/inbox", headers=notify.token("nv-c1-h2", "nv-c1", "community_handler")).json
    assert [m["title"] for m in inbox["messages"]] == ["回访未获评价 NV-7"]


def test_a_worker_below_visit_duty_reaches_the_community_and_the_month_s_report_the_street(notify):
    missed = notify.envelope("visit.duty_missed.v1", case_id=None, unit_id="nv-c1", person_name="李四")
    report = notify.envelope("visit.report_issued.v1", case_id=None, unit_id="nv-s1")
    with notify.workers():
        notify.publish(missed, report)
        wait_for(lambda: notify.settled(4), what="4 deliveries settled")
    assert _by_recipient(notify.deliveries(source_event_id=missed.event_id)) == {
        ("nv-c1-h1", "inapp", "sent"),
        ("nv-c1-h2", "inapp", "sent"),
    }
    assert _by_recipient(notify.deliveries(source_event_id=report.event_id)) == {
        ("nv-s1-h1", "inapp", "sent"),
        ("nv-s1", "email", "sent"),  # the street office's address (its contact in the district file)
    }
    client = notify.app()
    inbox = client.get("/api/v1/inbox", headers=notify.token("nv-c1-h1", "nv-c1", "community_handler")).json
    assert [m["title"] for m in inbox["messages"]] == ["走访未达要求 李四"]
    assert "走访2天，要求每周至少3天" in inbox["messages"][0]["body"]
    street = client.get("/api/v1/inbox", headers=notify.token("nv-s1-h1", "nv-s1", "street_handler")).json
    assert "共走访1840户" in street["messages"][0]["body"] and street["messages"][0]["title"] == "2026-11民情信息月报"
