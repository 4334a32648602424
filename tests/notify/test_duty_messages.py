"""Duties that follow people, end to end through the broker: a 包案 leader hears the 督办 of their case;
the first-contact owner and the resident's proxy hear its public steps until the resident takes the case
back from the proxy."""

from __future__ import annotations

from support.workers import wait_for

from .conftest import sealed


def _to(rows, person: str) -> set[tuple[str, str, str]]:
    return {(r.source_event_type, r.channel, r.template) for r in rows if r.recipient_ref == person}


COMMUNITY = {"unit_id": "nv-c1", "unit_name": "一号社区"}


def proxy_filed(notify, case_id: str, filer: dict, consent: dict, **changes):
    """case.received.v1 of a proxy filing (代办): ``filer`` took it, the resident's proxy by ``consent``."""
    ticket = f"NV-{case_id.removeprefix('c-').upper()}"
    return notify.envelope(
        "case.received.v1",
        case_id=case_id,
        ticket=ticket,
        channel="proxy",
        first_contact=filer,
        proxy_consent=consent,
        **changes,
    )


def test_a_baoan_leader_receives_the_supervision_of_their_case(notify):
    leader = {"owner_person_id": "nv-d-l1", "owner_name": "周九", "owner_unit_id": "notifyville"}
    owner = notify.envelope("case.owner_assigned.v1", case_id="c-o", ticket="NV-O", **COMMUNITY, **leader)
    overdue = {**COMMUNITY, "supervisor_unit_id": "nv-s1"}
    supervised = notify.envelope("case.supervised.v1", case_id="c-o", ticket="NV-O", **overdue)
    other = notify.envelope("case.supervised.v1", case_id="c-x", ticket="NV-X", **overdue)
    with notify.workers():
        notify.publish(owner)
        wait_for(lambda: notify.settled(2, case_id="c-o"), what="the unit's handlers told of the 包案")
        notify.publish(supervised, other)
        wait_for(lambda: notify.settled(10, case_id="c-o"), what="督办 to handlers, supervisors and the owner")
        wait_for(lambda: notify.settled(6, case_id="c-x"), what="督办 of a case nobody owns")
    assert _to(notify.deliveries(case_id="c-o"), "nv-d-l1") == {
        ("case.supervised.v1", "inapp", "supervision_notice"),
        ("case.supervised.v1", "email", "supervision_notice"),
    }
    assert _to(notify.deliveries(case_id="c-x"), "nv-d-l1") == set()  # only the cases they own
    [mail] = [m for m in notify.smtp.messages if m["to"] == ["zhoujiu@example.org"]]
    assert mail["subject"] == "督办件 NV-O"


def test_first_contact_owner_and_proxy_hear_public_steps_until_the_resident_takes_it_back(notify):
    consent = {"how": "signed_form", "given_at": "2026-11-22T01:00:00+00:00", "note": "委托书存社区"}
    filer = {"kind": "person", "id": "nv-c1-h2", "name": "李四", "role": "grid_worker", "unit_id": "nv-c1"}
    received = proxy_filed(notify, "c-p", filer, consent, filed_for="王大爷", anonymous=True, contact_sealed=None)
    resolved = notify.envelope(
        "case.resolved.v1", case_id="c-p", ticket="NV-P", unit_id="nv-c1", unit_name="一号社区", reply="路灯已修复"
    )
    internal = notify.envelope("case.progress_recorded.v1", case_id="c-p", ticket="NV-P", public=False, note="内部")
    follow_up = notify.envelope("evaluation.requested.v1", case_id="c-p", ticket="NV-P", link_token="secret-link")
    withdrawn = notify.envelope("case.proxy_withdrawn.v1", case_id="c-p", ticket="NV-P", proxy_person_id="nv-c1-h2")
    reopened = notify.envelope("case.reopened.v1", case_id="c-p", ticket="NV-P", unit_id="nv-cgj", unit_name="城管局")
    with notify.workers():
        notify.publish(received, resolved, internal, follow_up)
        wait_for(lambda: len(_to(notify.deliveries(case_id="c-p"), "nv-c1-h2")) == 2, what="the reply, the follow-up")
        notify.publish(withdrawn)
        wait_for(lambda: len(_to(notify.deliveries(case_id="c-p"), "nv-c1-h2")) == 3, what="told of the take-back")
        notify.publish(reopened)
        wait_for(lambda: notify.deliveries(source_event_id=reopened.event_id), what="the reopen's own deliveries")
    rows = [r for r in notify.deliveries(case_id="c-p") if r.recipient_ref == "nv-c1-h2"]
    assert sorted((r.source_event_type, r.channel) for r in rows) == [
        ("case.proxy_withdrawn.v1", "inapp"),
        ("case.resolved.v1", "inapp"),
        ("evaluation.requested.v1", "inapp"),
    ]  # one message per person and channel (first contact and proxy are one person); nothing after the take-back
    body = {r.source_event_type: r.body for r in rows}
    assert body["case.resolved.v1"] == "【通知区】您首问的诉求NV-P已答复（一号社区）：路灯已修复"
    assert "已由居民收回代理" in body["case.proxy_withdrawn.v1"]
    assert "代居民" in body["evaluation.requested.v1"] and "secret-link" not in body["evaluation.requested.v1"]


def test_a_party_member_who_filed_for_a_resident_hears_the_reply_in_app_and_the_resident_their_own(notify):
    member = {"kind": "person", "id": "nv-c1-p1", "name": "郑党员", "role": "party_member", "unit_id": "nv-c1"}
    consent = {"how": "in_person", "given_at": "2026-11-22T01:00:00+00:00", "note": None}
    received = proxy_filed(notify, "c-pm", member, consent, filed_for="3号楼刘大爷", contact_sealed=sealed())
    resolved = notify.envelope(
        "case.resolved.v1", case_id="c-pm", ticket="NV-PM", unit_id="nv-c1", unit_name="一号社区", reply="水管已修好"
    )
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-pm", ticket="NV-PM", unit_id="nv-c1")
    with notify.workers():
        notify.publish(received, dispatched, resolved)
        wait_for(
            lambda: (
                notify.settled(1, source_event_id=resolved.event_id, recipient_ref="nv-c1-p1")
                and len(notify.deliveries(source_event_id=resolved.event_id, recipient_kind="resident")) == 1
            ),
            what="the reply to the proxy and to the resident",
        )
    [told] = notify.deliveries(source_event_id=resolved.event_id, recipient_ref="nv-c1-p1")
    assert (told.channel, told.status, told.template) == ("inapp", "sent", "case_followed")  # in-app, not SMS
    assert told.body == "【通知区】您首问的诉求NV-PM已答复（一号社区）：水管已修好"
    resident = notify.deliveries(source_event_id=resolved.event_id, recipient_kind="resident")
    assert {(r.channel, r.template) for r in resident} == {("email", "case_resolved")}  # no SMS unless asked for
    wait_for(lambda: notify.deliveries(source_event_id=dispatched.event_id), what="the dispatch's deliveries")
    assert _to(notify.deliveries(source_event_id=dispatched.event_id), "nv-c1-p1") == {
        ("case.dispatched.v1", "inapp", "case_followed")
    }  # their community's case: told as its proxy, not assigned it as the community's handlers are
