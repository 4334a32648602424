"""Returns (退单) with the district's reason codes and the ruling (审定) that ends a dispute, through
routing's API and workbench with the real broker and PostgreSQL: two returns move the case, the third
is refused, the district dispatcher rules, and the unit ruled cannot return it; events and the case's
history carry the reasons."""

from __future__ import annotations

from minqing_routing.adapters import repository

from .harness import received
from .test_workbench_pages import Workbench, text_of


def path(case_id: str, action: str) -> str:
    return f"/api/v1/cases/{case_id}/{action}"


def test_the_return_form_offers_the_districts_reasons_and_needs_one(routing):
    case = received("HT-RR-1", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    handler = Workbench(routing.api.client.application, "ht-c2-h1")
    page = handler.case(case.case_id)
    assert '<option value="unclear_ownership">权属不清</option>' in page
    assert '<option value="incomplete">信息不全</option>' in page
    unknown = routing.api.post("ht-c2-h1", path(case.case_id, "return"), {"reason_code": "bored", "reason": "不想办"})
    assert (unknown.status_code, unknown.get_json()["error"]["code"]) == (422, "unknown_reason_code")
    missing = routing.api.post("ht-c2-h1", path(case.case_id, "return"), {"reason": "不归我们"})
    assert missing.status_code == 422 and missing.get_json()["error"]["fields"][0]["field"] == "reason_code"
    done = handler.act(case.case_id, "return", reason_code="overlapping_duties", reason="城管与住建职能交叉")
    assert done.status_code == 303
    [returned] = routing.capture.wait(case.case_id, "case.returned.v1")
    payload = returned["payload"]
    assert (payload["reason_code"], payload["reason"]) == ("overlapping_duties", "城管与住建职能交叉")


def test_the_third_return_is_refused_and_the_ruling_cannot_be_returned(routing):
    case = received("HT-RR-2", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    for person, code in (("ht-c2-h1", "wrong_place"), ("ht-cgj-h1", "not_our_duty")):
        answer = routing.api.post(person, path(case.case_id, "return"), {"reason_code": code, "reason": "不属于本单位"})
        assert answer.status_code == 200, answer.get_json()
    routing.capture.wait(case.case_id, "case.escalated.v1")  # the second return went up, to the district
    third = routing.api.post("ht-dp", path(case.case_id, "return"), {"reason_code": "unclear_ownership"})
    assert (third.status_code, third.get_json()["error"]["code"]) == (409, "ruling_required")

    not_a_dispatcher = routing.api.post("ht-c2-h1", path(case.case_id, "rule"), {"unit_id": "ht-c2", "reason": "x"})
    assert not_a_dispatcher.status_code == 404  # the case is the district's now: out of the community's sight
    ruled = routing.api.post(
        "ht-dp", path(case.case_id, "rule"), {"unit_id": "ht-c2", "reason": "路灯在东二社区辖区内,由社区牵头处理"}
    )
    assert ruled.status_code == 200 and ruled.get_json()["unit_id"] == "ht-c2"
    dispatched = routing.capture.wait(case.case_id, "case.dispatched.v1", count=3)[-1]["payload"]
    assert (dispatched["reason"], dispatched["ruling_reason"]) == ("ruling", "路灯在东二社区辖区内,由社区牵头处理")
    assert dispatched["acceptance_deadline"] is not None

    again = routing.api.post("ht-c2-h1", path(case.case_id, "return"), {"reason_code": "wrong_place"})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "ruled")
    returns = [e["payload"]["reason_code"] for e in routing.capture.of(case.case_id, "case.returned.v1")]
    assert returns == ["wrong_place", "not_our_duty"]

    history = routing.api.get("ht-dp", f"/api/v1/cases/{case.case_id}").get_json()["history"]
    steps = [(h["action"], h["unit_id"], h["reason"]) for h in history if h["action"] in ("return", "rule")]
    assert steps == [
        ("return", "ht-c2", "属地不符: 不属于本单位"),
        ("return", "ht-cgj", "非职责范围: 不属于本单位"),
        ("rule", "ht-c2", "路灯在东二社区辖区内,由社区牵头处理"),
    ]
    page = text_of(Workbench(routing.api.client.application, "ht-dp").case(case.case_id), "history")
    assert "审定 · 赵派 · 转至东二社区 审定:路灯在东二社区辖区内,由社区牵头处理" in page


def test_the_first_contact_clock_is_kept_from_acceptance_until_the_contact_is_recorded(routing):
    case = received("HT-RR-3", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")

    def contact_deadline():
        with routing.runtime.db.transaction() as session:
            return repository.load(session, case.case_id, lock=False).contact_deadline

    assert contact_deadline() is None  # not yet accepted
    assert routing.api.post("ht-c2-h1", path(case.case_id, "accept")).status_code == 200
    [accepted] = routing.capture.wait(case.case_id, "case.accepted.v1")
    assert accepted["payload"]["seconds_to_accept"] >= 0 and accepted["payload"]["within_acceptance_deadline"]
    assert contact_deadline() is not None
    recorded = routing.api.post("ht-c2-h1", path(case.case_id, "contact"), {"note": "已电话联系居民"})
    assert recorded.status_code == 200
    assert contact_deadline() is None
