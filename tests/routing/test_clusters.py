"""Duplicate clusters in routing, through the real broker and PostgreSQL: the handler of the cluster's
case sees the flagged duplicates on its detail, merges one with one click, splits another out again,
and resolving the case answers every case still merged into it (case.cluster_answered.v1). A resident's
我也遇到了 (case.received.v1 joins_case_id) merges their new case into the chosen one at once, unless
that case closed meanwhile or is in another district: then it is handled on its own, the trail says why.
A coordination meeting's decision (meeting.decision_recorded.v1) that resolves the cluster's case answers
the cluster too, with the meeting's reply."""

from __future__ import annotations

from datetime import UTC, datetime

from support.workers import wait_for

from .harness import meeting_decided, received, reopen_requested

CONFIRMED = "the resident confirmed it is the same problem"


def _arrived(routing, ticket: str, duplicate_of: str | None = None, joins: str | None = None):
    case = received(ticket, grid="HT-C1-G01", duplicate_of=duplicate_of, joins=joins)
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    return case


def _act(routing, case, action: str, body: dict | None = None):
    return routing.api.post("ht-c1-h1", f"/api/v1/cases/{case.case_id}/{action}", body)


def _cluster(routing, case) -> list[tuple[str, bool]]:
    detail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{case.case_id}").get_json()
    return [(m["ticket"], m["merged"]) for m in detail["cluster"]]


def test_a_cluster_is_merged_split_and_answered_once_for_every_resident(routing):
    kept = _arrived(routing, "HT-CL-1")
    second = _arrived(routing, "HT-CL-2", duplicate_of=kept.case_id)
    third = _arrived(routing, "HT-CL-3", duplicate_of=kept.case_id)
    assert _cluster(routing, kept) == [("HT-CL-2", False), ("HT-CL-3", False)]

    for duplicate in (second, third):
        assert _act(routing, kept, "cluster/merge", {"case_id": duplicate.case_id}).status_code == 200
    assert _cluster(routing, kept) == [("HT-CL-2", True), ("HT-CL-3", True)]
    split = _act(routing, kept, "cluster/split", {"case_id": "HT-CL-3"})  # by ticket number too
    assert split.status_code == 200, split.get_json()
    [out] = routing.capture.wait(third.case_id, "case.split.v1")
    assert (out["payload"]["from_ticket"], out["payload"]["unit_id"]) == ("HT-CL-1", "ht-c1")
    assert routing.api.get("ht-c1-h1", f"/api/v1/cases/{third.case_id}").get_json()["state"] == "accepted"
    assert _act(routing, kept, "cluster/split", {"case_id": third.case_id}).status_code == 422  # no longer merged

    assert _act(routing, kept, "accept").status_code == 200
    assert _act(routing, kept, "resolve", {"outcome": "reply", "reply": "垃圾已清运"}).status_code == 200
    [answered] = routing.capture.wait(second.case_id, "case.cluster_answered.v1")
    assert answered["payload"] | {"actor": None} == {
        "ticket": "HT-CL-2",
        "cluster_case_id": kept.case_id,
        "cluster_ticket": "HT-CL-1",
        "unit_id": "ht-c1",
        "unit_name": answered["payload"]["unit_name"],
        "level": "community",
        "outcome": "reply",
        "reply": "垃圾已清运",
        "actor": None,
    }
    assert routing.capture.of(third.case_id, "case.cluster_answered.v1") == []  # split out: handled on its own
    trail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{second.case_id}").get_json()["history"]
    assert (trail[-1]["action"], trail[-1]["reason"]) == ("cluster_answered", "answered with HT-CL-1")

    routing.publish(reopen_requested(second, 1))  # the merged case's resident is not satisfied: 重办 of the cluster
    [reopened] = routing.capture.wait(kept.case_id, "case.reopened.v1")
    assert (reopened["payload"]["ticket"], reopened["payload"]["reopen_count"]) == ("HT-CL-1", 1)
    assert _act(routing, kept, "resolve", {"outcome": "reply", "reply": "已彻底清运"}).status_code == 200
    answers = routing.capture.wait(second.case_id, "case.cluster_answered.v1", 2)
    assert answers[-1]["payload"]["reply"] == "已彻底清运"  # told the second answer too


def test_only_the_cluster_s_handler_merges_into_it_and_only_its_members(routing):
    kept = _arrived(routing, "HT-CL-4")
    stranger = _arrived(routing, "HT-CL-5")
    elsewhere = received("HT-CL-6", grid="HT-C2-G01")
    routing.publish(elsewhere)
    routing.capture.wait(elsewhere.case_id, "case.dispatched.v1")
    assert _act(routing, kept, "cluster/split", {"case_id": stranger.case_id}).status_code == 422  # not merged in
    assert _act(routing, kept, "cluster/merge", {"case_id": elsewhere.case_id}).status_code == 404  # not visible
    refused = routing.api.post("ht-c2-h1", f"/api/v1/cases/{kept.case_id}/cluster/merge", {"case_id": stranger.case_id})
    assert refused.status_code == 404  # another community cannot see the case at all
    assert _act(routing, kept, "cluster/merge", {}).status_code == 422


def _last_step(routing, case) -> tuple[str, str]:
    trail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{case.case_id}").get_json()["history"]
    return trail[-1]["action"], trail[-1]["reason"]


def test_me_too_merges_the_new_case_into_the_chosen_one_and_the_cluster_s_answer_reaches_it(routing):
    kept = _arrived(routing, "HT-CL-7")
    joining = _arrived(routing, "HT-CL-8", joins=kept.case_id)  # its own ticket, dispatched, then merged
    [merged] = routing.capture.wait(joining.case_id, "case.merged.v1")
    assert (merged["payload"]["into_ticket"], merged["payload"]["actor"]["kind"]) == ("HT-CL-7", "resident")
    assert routing.api.get("ht-c1-h1", f"/api/v1/cases/{joining.case_id}").get_json()["state"] == "merged"
    assert _last_step(routing, joining) == ("merge", f"merged into HT-CL-7; {CONFIRMED}")
    assert _last_step(routing, kept) == ("merged_in", f"HT-CL-8 merged into this case; {CONFIRMED}")
    assert _cluster(routing, kept) == [("HT-CL-8", True)]

    assert _act(routing, kept, "accept").status_code == 200
    assert _act(routing, kept, "resolve", {"outcome": "reply", "reply": "垃圾已清运"}).status_code == 200
    [answered] = routing.capture.wait(joining.case_id, "case.cluster_answered.v1")
    assert (answered["payload"]["ticket"], answered["payload"]["reply"]) == ("HT-CL-8", "垃圾已清运")


def test_me_too_on_a_case_closed_meanwhile_or_in_another_district_is_handled_on_its_own(routing):
    closed = _arrived(routing, "HT-CL-9")
    assert _act(routing, closed, "accept").status_code == 200
    assert _act(routing, closed, "resolve", {"outcome": "reply", "reply": "已处理"}).status_code == 200
    late = _arrived(routing, "HT-CL-10", joins=closed.case_id)
    elsewhere = received("RS-CL-1", grid="RS-C1-G01", district="riverside")
    routing.publish(elsewhere)
    routing.capture.wait(elsewhere.case_id, "case.dispatched.v1")
    crossing = _arrived(routing, "HT-CL-11", joins=elsewhere.case_id)
    for case, into, why in ((late, "HT-CL-9", "the case to merge into is not open"),
                            (crossing, "RS-CL-1", "the chosen case is in another district")):  # fmt: skip
        detail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{case.case_id}").get_json()
        assert detail["state"] == "dispatched" and detail["merged_into"] is None
        assert _last_step(routing, case) == ("join_refused", f"not merged into {into}: {why}")
        assert routing.capture.of(case.case_id, "case.merged.v1") == []


def test_a_meeting_decision_on_the_cluster_s_case_answers_every_case_merged_into_it(routing):
    kept = _arrived(routing, "HT-CL-12")
    merged = _arrived(routing, "HT-CL-13", duplicate_of=kept.case_id)
    assert _act(routing, kept, "cluster/merge", {"case_id": merged.case_id}).status_code == 200
    held = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    decision = meeting_decided(kept, title="垃圾清运协调会", text="物业每日清运两次", held_at=held)
    routing.publish(decision)

    [resolved] = routing.capture.wait(kept.case_id, "case.resolved.v1")
    [answered] = routing.capture.wait(merged.case_id, "case.cluster_answered.v1")
    reply = "经2026-11-23召开的协调会“垃圾清运协调会”议定：物业每日清运两次"
    assert resolved["payload"]["reply"] == reply
    meeting = {"kind": "system", "id": decision.payload["meeting_id"], "name": "协调会", "role": "meeting"}
    assert {k: answered["payload"][k] for k in ("ticket", "cluster_ticket", "outcome", "reply")} == {
        "ticket": "HT-CL-13",
        "cluster_ticket": "HT-CL-12",
        "outcome": "reply",
        "reply": reply,
    }
    assert {k: answered["payload"]["actor"][k] for k in meeting} == meeting
    assert _last_step(routing, merged) == ("cluster_answered", "answered with HT-CL-12")

    again = meeting_decided(kept, title="垃圾清运协调会", text="物业每日清运两次", held_at=held)
    routing.publish(again)  # the case is resolved already: nothing resolved, nobody answered twice
    wait_for(lambda: routing.handled(again.event_id), what="the second decision handled")
    trail = routing.api.get("ht-c1-h1", f"/api/v1/cases/{merged.case_id}").get_json()["history"]
    assert [step["action"] for step in trail].count("cluster_answered") == 1  # written with the inbox row
    assert len(routing.capture.of(merged.case_id, "case.cluster_answered.v1")) == 1
