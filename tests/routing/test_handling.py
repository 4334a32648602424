"""Handler actions through the API, with events through the real broker: return and re-dispatch,
joint handling with three units (one declining), reopen twice then escalated, merge, ownership."""

from __future__ import annotations

from support.workers import wait_for

from .harness import received, reopen_requested


def path(case, action: str) -> str:
    return f"/api/v1/cases/{case.case_id}/{action}"


def test_return_redispatches_then_a_second_return_goes_up_a_level(routing):
    case = received("HT-RET-1", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    refused = routing.api.post("ht-c2-h1", path(case, "return"), {})
    assert refused.status_code == 422 and refused.get_json()["error"]["fields"][0]["field"] == "reason_code"
    returned = {"reason_code": "not_our_duty", "reason": "属于城管职责"}
    assert routing.api.post("ht-c2-h1", path(case, "return"), returned).status_code == 200
    [returned] = routing.capture.wait(case.case_id, "case.returned.v1")
    assert (returned["payload"]["unit_id"], returned["payload"]["return_count"]) == ("ht-c2", 1)
    redispatched = routing.capture.wait(case.case_id, "case.dispatched.v1", 2)[1]
    assert (redispatched["payload"]["unit_id"], redispatched["payload"]["reason"]) == ("ht-cgj", "redispatch")
    assert routing.api.get("ht-c2-h1", f"/api/v1/cases/{case.case_id}").status_code == 404  # no longer theirs

    returned = {"reason_code": "wrong_place", "reason": "属于社区自治范围"}
    assert routing.api.post("ht-cgj-h1", path(case, "return"), returned).status_code == 200
    [up] = routing.capture.wait(case.case_id, "case.escalated.v1")
    assert (up["payload"]["from_unit"]["unit_id"], up["payload"]["unit_id"], up["payload"]["level"]) == (
        "ht-cgj",
        "hilltown",
        "district",
    )
    assert routing.capture.wait(case.case_id, "case.returned.v1", 2)[1]["payload"]["return_count"] == 2


def test_joint_case_with_three_units_one_declining(routing):
    case = received("HT-JOINT-1", category="demolition", grid="HT-C1-G01")
    routing.publish(case)
    [opened] = routing.capture.wait(case.case_id, "case.joint_opened.v1")
    parts = {p["unit_id"]: p for p in opened["payload"]["parts"]}
    assert (opened["payload"]["lead_unit_id"], opened["payload"]["started_by"]) == ("ht-zjj", "rule")
    assert set(parts) == {"ht-zjj", "ht-mzj", "ht-sfj"} and parts["ht-zjj"]["lead"] is True
    mzj, sfj = parts["ht-mzj"]["part_id"], parts["ht-sfj"]["part_id"]

    assert routing.api.post("ht-zjj-h1", path(case, "accept")).status_code == 200
    declined = routing.api.post("ht-mzj-h1", path(case, f"parts/{mzj}/decline"), {"reason": "无补贴政策"})
    assert declined.status_code == 200
    assert routing.api.post("ht-sfj-h1", path(case, f"parts/{sfj}/accept")).status_code == 200
    assert routing.api.post("ht-sfj-h1", path(case, f"parts/{mzj}/accept")).status_code == 403  # not their part
    assert routing.api.post("ht-mzj-h1", path(case, f"parts/{mzj}/reassign"), {"unit_id": "ht-cgj"}).status_code == 403
    held = routing.api.post("ht-dp", path(case, f"parts/{mzj}/reassign"), {"unit_id": "ht-sfj"})
    assert held.status_code == 409 and held.get_json()["error"]["code"] == "unit_holds_part"  # 司法局 holds one
    assert "司法局(ht-sfj)" in held.get_json()["error"]["message_zh"]
    assert routing.api.post("ht-dp", path(case, f"parts/{mzj}/reassign"), {"unit_id": "ht-cgj"}).status_code == 200
    assert routing.api.post("ht-cgj-h1", path(case, f"parts/{mzj}/accept")).status_code == 200
    answer = routing.api.post("ht-cgj-h1", path(case, f"parts/{mzj}/complete"), {"summary": "已清理拆除垃圾"})
    assert answer.status_code == 200

    early = routing.api.post("ht-zjj-h1", path(case, "resolve"), {"reply": "已完成安置"})
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "parts_open"
    answer = routing.api.post("ht-sfj-h1", path(case, f"parts/{sfj}/complete"), {"summary": "纠纷已调解"})
    assert answer.status_code == 200
    assert (
        routing.api.post(
            "ht-zjj-h1",
            path(case, "coordination"),
            {"attendees": ["住建局", "司法局", "城管局"], "decisions": "分工如上"},
        ).status_code
        == 200
    )
    assert routing.api.post("ht-zjj-h1", path(case, "resolve"), {"reply": "已完成安置"}).status_code == 200

    completed = routing.capture.wait(case.case_id, "case.part_completed.v1", 2)
    assert sorted(e["payload"]["unit_id"] for e in completed) == ["ht-cgj", "ht-sfj"]
    assert {e["payload"]["lead_unit_id"] for e in completed} == {"ht-zjj"}  # notify tells the lead
    [resolved] = routing.capture.wait(case.case_id, "case.resolved.v1")
    assert resolved["payload"]["unit_id"] == "ht-zjj"
    kinds = [e["payload"]["kind"] for e in routing.capture.of(case.case_id, "case.progress_recorded.v1")]
    assert kinds.count("coordination") == 3  # the decline, the reassignment, the meeting record
    detail = routing.api.get("ht-zjj-h1", f"/api/v1/cases/{case.case_id}").get_json()
    assert {p["unit_id"]: p["status"] for p in detail["parts"]} == {
        "ht-zjj": "completed",
        "ht-cgj": "completed",
        "ht-sfj": "completed",
    }


def test_reopened_twice_the_second_time_up_a_level(routing):
    """Evaluation asks at most reopen_limit (2) times: the first reopen goes back to the resolver,
    the second, reaching the limit, goes up a level."""
    case = received("HT-REOPEN-1", address="幸福路2号楼")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    assert routing.api.post("ht-c1-h1", path(case, "accept")).status_code == 200
    for count, resolver in ((1, "ht-c1-h1"), (2, "ht-c1-h1")):
        answer = routing.api.post(resolver, path(case, "resolve"), {"reply": f"第{count}次答复"})
        assert answer.status_code == 200, answer.get_json()
        routing.capture.wait(case.case_id, "case.resolved.v1", count)
        routing.publish(reopen_requested(case, count))
        routing.capture.wait(case.case_id, "case.reopened.v1", count)
    reopened = routing.capture.of(case.case_id, "case.reopened.v1")
    assert [(e["payload"]["unit_id"], e["payload"]["escalated"], e["payload"]["reopen_count"]) for e in reopened] == [
        ("ht-c1", False, 1),
        ("ht-s1", True, 2),
    ]
    notices = routing.capture.wait(case.case_id, "case.supervised.v1", 2)
    assert [n["payload"]["unit_id"] for n in notices] == ["ht-c1", "ht-s1"]
    assert routing.api.get("ht-c1-h1", f"/api/v1/cases/{case.case_id}").status_code == 404
    at_street = routing.api.get("ht-s1-h1", f"/api/v1/cases/{case.case_id}").get_json()
    assert (at_street["state"], at_street["reopen_count"]) == ("dispatched", 2)
    assert routing.api.post("ht-s1-h1", path(case, "accept")).status_code == 200


def test_duplicate_is_merged_into_the_open_case(routing):
    original = received("HT-DUP-1", grid="HT-C1-G01")
    routing.publish(original)
    routing.capture.wait(original.case_id, "case.dispatched.v1")
    duplicate = received("HT-DUP-2", grid="HT-C1-G01", duplicate_of=original.case_id)
    routing.publish(duplicate)
    routing.capture.wait(duplicate.case_id, "case.dispatched.v1")
    assert routing.api.post("ht-c1-h1", path(duplicate, "merge")).status_code == 200
    [merged] = routing.capture.wait(duplicate.case_id, "case.merged.v1")
    assert (merged["payload"]["into_case_id"], merged["payload"]["into_ticket"]) == (original.case_id, "HT-DUP-1")
    inbox = routing.api.get("ht-c1-h1", "/api/v1/inbox?state=dispatched").get_json()
    assert [c["ticket"] for c in inbox["cases"]] == ["HT-DUP-1"]
    again = routing.api.post("ht-c1-h1", path(duplicate, "merge"))
    assert again.status_code == 409
    trail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{original.case_id}").get_json()["history"]
    assert (trail[-1]["action"], trail[-1]["reason"]) == ("merged_in", "HT-DUP-2 merged into this case")


def test_leader_takes_ownership_and_it_shows_on_their_list(routing):
    case = received("HT-OWN-1", grid="HT-C3-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    assert routing.api.post("ht-c3-h1", path(case, "own")).status_code == 403
    assert routing.api.post("ht-ld", path(case, "own")).status_code == 200
    [owned] = routing.capture.wait(case.case_id, "case.progress_recorded.v1")
    assert (owned["payload"]["kind"], owned["payload"]["actor"]["id"]) == ("owner_assigned", "ht-ld")
    mine = routing.api.get("ht-ld", "/api/v1/inbox").get_json()
    assert [c["ticket"] for c in mine["cases"]] == ["HT-OWN-1"]
    assert mine["cases"][0]["owner_id"] == "ht-ld"


def test_handler_reports_up_opening_joint_handling_and_records_progress_and_contact(routing):
    case = received("HT-UP-1", category="municipal", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    assert routing.api.post("ht-c2-h1", path(case, "accept")).status_code == 200
    contacted = routing.api.post("ht-c2-h1", path(case, "contact"), {"note": "已电话联系居民,约定明日上门"})
    assert contacted.status_code == 200
    progressed = routing.api.post("ht-c2-h1", path(case, "progress"), {"note": "已现场查看", "public": True})
    assert progressed.status_code == 200
    answer = routing.api.post(
        "ht-c2-h1",
        path(case, "escalate"),
        {"reason": "供暖管线需热力公司和城管共同处理", "joint_with": [{"unit_id": "ht-rl", "task": "检修供暖管线"}]},
    )
    assert answer.status_code == 200, answer.get_json()
    [up] = routing.capture.wait(case.case_id, "case.escalated.v1")
    assert (up["payload"]["unit_id"], up["payload"]["automatic"], up["payload"]["actor"]["id"]) == (
        "ht-s1",
        False,
        "ht-c2-h1",
    )
    [opened] = routing.capture.wait(case.case_id, "case.joint_opened.v1")
    assert opened["payload"]["started_by"] == "escalation" and opened["payload"]["lead_unit_id"] == "ht-s1"
    assert [p["unit_id"] for p in opened["payload"]["parts"]] == ["ht-s1", "ht-rl"]
    kinds = [
        (e["payload"]["kind"], e["payload"]["public"])
        for e in routing.capture.wait(case.case_id, "case.progress_recorded.v1", 2)
    ]
    assert kinds == [("contacted_resident", False), ("progress", True)]
    # the heating company sees the case through its part; the street has it in its inbox, not overdue
    assert routing.api.get("ht-rl-h1", f"/api/v1/cases/{case.case_id}").status_code == 200
    street = routing.api.get("ht-s1-h1", "/api/v1/inbox?overdue=false&state=dispatched").get_json()
    assert [c["ticket"] for c in street["cases"]] == ["HT-UP-1"]
    assert routing.api.get("ht-s1-h1", "/api/v1/inbox?overdue=true").get_json()["cases"] == []
    early = routing.api.get("ht-s1-h1", "/api/v1/inbox?deadline_before=2000-01-01T00:00:00%2B00:00").get_json()
    assert early["cases"] == []
    bad = routing.api.get("ht-s1-h1", "/api/v1/inbox?deadline_before=tomorrow")
    assert bad.status_code == 422 and bad.get_json()["error"]["fields"][0]["field"] == "deadline_before"


def test_reclassified_before_acceptance_is_dispatched_again_after_acceptance_stays(routing):
    from .harness import reclassified

    waiting, taken = received("HT-RECL-1", grid="HT-C1-G01"), received("HT-RECL-2", grid="HT-C1-G01")
    routing.publish(waiting, taken)
    routing.capture.wait(waiting.case_id, "case.dispatched.v1")
    routing.capture.wait(taken.case_id, "case.dispatched.v1")
    assert routing.api.post("ht-c1-h1", path(taken, "accept")).status_code == 200
    changes = [reclassified(waiting, "social_security"), reclassified(taken, "social_security")]
    routing.publish(*changes)
    again = routing.capture.wait(waiting.case_id, "case.dispatched.v1", 2)[1]["payload"]
    assert (again["unit_id"], again["level"], again["category"], again["reason"], again["actor"]["id"]) == (
        "ht-s1",
        "street",
        "social_security",
        "reclassified",
        "ht-op",
    )
    wait_for(lambda: routing.handled(changes[1].event_id), what="the accepted case's reclassification handled")
    detail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{taken.case_id}").get_json()
    assert (detail["unit_id"], detail["state"], detail["category"]) == ("ht-c1", "accepted", "environment")


def test_a_co_handler_part_past_its_deadline_is_supervised_with_the_lead_as_supervisor(routing):
    from datetime import datetime, timedelta

    case = received("HT-PART-1", category="demolition", grid="HT-C1-G01")
    routing.publish(case)
    [opened] = routing.capture.wait(case.case_id, "case.joint_opened.v1")
    parts = {p["unit_id"]: p for p in opened["payload"]["parts"]}
    sfj = parts["ht-sfj"]["part_id"]
    assert routing.api.post("ht-sfj-h1", path(case, f"parts/{sfj}/accept")).status_code == 200
    assert routing.api.post("ht-sfj-h1", path(case, f"parts/{sfj}/complete"), {"summary": "已调解"}).status_code == 200
    late = datetime.fromisoformat(parts["ht-mzj"]["deadline"]) + timedelta(seconds=1)
    scheduler = routing.scheduler()
    while scheduler.sweep_once(now=late):
        pass
    wait_for(
        lambda: any(
            e["payload"]["unit_id"] == "ht-mzj" for e in routing.capture.of(case.case_id, "case.supervised.v1")
        ),
        what="the co-handler's supervision notice",
    )
    notices = [
        e["payload"]
        for e in routing.capture.of(case.case_id, "case.supervised.v1")
        if e["payload"]["unit_id"] in ("ht-mzj", "ht-sfj")
    ]
    assert [(n["unit_id"], n["supervisor_unit_id"], n["deadline"]) for n in notices] == [
        ("ht-mzj", "ht-zjj", parts["ht-mzj"]["deadline"])
    ]
