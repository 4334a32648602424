"""首问负责 on the real broker and PostgreSQL: the person who took a request keeps it on their own list
(GET /inbox?duty=first_contact) and can read it, the case closes only with a reply they see, and it
leaves their list once the resident has rated the answer (not when the follow-up went unanswered)."""

from __future__ import annotations

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import CaseClosed
from minqing_contracts.events.intake import CaseReceived
from support.workers import wait_for

from .harness import received
from .test_workbench_pages import Workbench, text_of

TAKER = "ht-c2-h1"  # a community handler of another community who took the request on a visit


def _mine(routing) -> list[str]:
    answer = routing.api.get(TAKER, "/api/v1/inbox?duty=first_contact")
    assert answer.status_code == 200, answer.get_json()
    return [c["ticket"] for c in answer.get_json()["cases"]]


def _closed(case, satisfaction: str):
    payload = CaseClosed(ticket=case.payload["ticket"], unit_id="ht-c1", satisfaction=satisfaction)
    return new_envelope(payload, district="hilltown", producer="evaluation", case_id=case.case_id)


def test_the_first_contact_owner_follows_the_case_until_the_resident_rated_it(routing):
    plain = received("HT-FC-1", grid="HT-C1-G01")
    taker = {"kind": "person", "id": TAKER, "name": "李二", "role": "community_handler", "unit_id": "ht-c2"}
    payload = CaseReceived.model_validate({**plain.payload, "channel": "grid_visit", "first_contact": taker})
    case = new_envelope(payload, district="hilltown", producer="intake", case_id=plain.case_id)
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")

    assert _mine(routing) == ["HT-FC-1"]
    browser = Workbench(routing.api.client.application, TAKER)
    page = browser.client.get("/workbench/mine/first_contact").get_data(as_text=True)
    assert 'data-ticket="HT-FC-1"' in page and "我首问的诉求" in page
    assert browser.client.get("/workbench/mine/nothing").status_code == 404
    queue = routing.api.get(TAKER, "/api/v1/inbox").get_json()["cases"]
    assert "HT-FC-1" not in [c["ticket"] for c in queue]  # their list, not their unit's queue
    path = f"/api/v1/cases/{case.case_id}"
    assert routing.api.post("ht-c1-h1", f"{path}/accept").status_code == 200
    blank = routing.api.post("ht-c1-h1", f"{path}/resolve", {"outcome": "reply", "reply": " "})
    assert blank.status_code == 422 and routing.api.get("ht-c1-h1", path).get_json()["state"] == "accepted"
    assert routing.api.post("ht-c1-h1", f"{path}/resolve", {"reply": "垃圾已清运"}).status_code == 200

    seen = routing.api.get(TAKER, path)
    assert seen.status_code == 200 and seen.get_json()["first_contact_id"] == TAKER
    assert [h["reason"] for h in seen.get_json()["history"] if h["action"] == "resolve"] == ["reply: 垃圾已清运"]
    assert _mine(routing) == ["HT-FC-1"]  # answered, not yet rated

    unanswered = _closed(case, "no_answer")
    routing.publish(unanswered)
    wait_for(lambda: routing.handled(unanswered.event_id), what="the unanswered follow-up")
    assert _mine(routing) == ["HT-FC-1"]
    rated = _closed(case, "satisfied")
    routing.publish(rated)
    wait_for(lambda: routing.handled(rated.event_id), what="the rating")
    assert _mine(routing) == []
    assert 'data-ticket="HT-FC-1"' not in browser.client.get("/workbench/mine/first_contact").get_data(as_text=True)
    assert routing.api.get(TAKER, path).get_json()["rated"] is True


def test_the_baoan_leader_signs_off_the_units_answer_on_the_case_page(routing):
    case = received("HT-BA-1", grid="HT-C1-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    assert routing.api.post("ht-c1-h1", f"{path}/accept").status_code == 200
    assert routing.api.post("ht-ld", f"{path}/own").status_code == 200
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    proposed = handler.act(case.case_id, "resolve", outcome="reply", reply="垃圾已清运")
    assert proposed.status_code == 303 and "done=propose" in proposed.headers["Location"]
    shown = handler.client.get(proposed.headers["Location"]).get_data(as_text=True)
    assert "待包案领导审签" in text_of(shown, "done")
    assert routing.api.get("ht-c1-h1", path).get_json()["state"] == "accepted"
    assert [c["ticket"] for c in routing.api.get("ht-ld", "/api/v1/inbox?duty=owner").get_json()["cases"]] == [
        "HT-BA-1"
    ]

    leader = Workbench(routing.api.client.application, "ht-ld")
    assert "垃圾已清运" in text_of(leader.case(case.case_id), "proposal")
    done = leader.act(case.case_id, "sign_off", approve="yes", note="同意")
    assert done.status_code == 303
    after = routing.api.get("ht-ld", path).get_json()
    assert after["state"] == "resolved" and after["awaiting_sign_off"] is False
    [resolved] = routing.capture.wait(case.case_id, "case.resolved.v1")
    assert resolved["payload"]["signed_off_by"]["id"] == "ht-ld" and resolved["payload"]["reply"] == "垃圾已清运"
