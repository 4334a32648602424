"""Routing's flows through the stack `make up` starts (scripts/stack.py): cases submitted at intake,
handled through routing's API with the development sign-in, seen back on intake's tracking page. The
stack is the e2e package's (conftest.py): these run after test_local_stack's flows, before
test_stack_hardening's faults."""

from __future__ import annotations

import pytest

from support.workers import wait_for

from .stack import Stack


class Handlers:
    def __init__(self, stack: Stack):
        self.stack, self.tokens = stack, {}

    def headers(self, person: str) -> dict:
        if person not in self.tokens:
            self.tokens[person] = self.stack.staff_headers(person)
        return self.tokens[person]

    def act(self, person: str, case_id: str, action: str, **body) -> dict:
        answer = self.stack.post(
            "routing", f"/api/v1/cases/{case_id}/{action}", json=body, headers=self.headers(person)
        )
        assert answer.status_code == 200, (action, answer.text)
        return answer.json()

    def find(self, person: str, ticket: str) -> dict:
        def look():
            inbox = self.stack.get("routing", "/api/v1/inbox", headers=self.headers(person)).json()
            return next((c for c in inbox["cases"] if c["ticket"] == ticket), None)

        return wait_for(look, timeout=60, interval=0.3, what=f"{ticket} in {person}'s inbox")


def submit(stack: Stack, content: str, address: str, headers: dict | None = None, **extra) -> str:
    receipt = stack.post(
        "intake",
        "/api/v1/cases",
        json={"district": "xinlin", "channel": "web", "content": content, "location": {"address": address}, **extra},
        headers=headers,
    )
    assert receipt.status_code == 201, receipt.text
    return receipt.json()["ticket"]


def tracked_status(stack: Stack, ticket: str, status: str) -> dict:
    return wait_for(
        lambda: (lambda r: r if r.get("status") == status else None)(
            stack.get("intake", f"/api/v1/cases/{ticket}").json()
        ),
        timeout=60,
        interval=0.3,
        what=f"{ticket} {status} at intake",
    )


def opened_follow_up(stack: Stack, handlers: Handlers, ticket: str) -> dict:
    """The follow-up (回访) evaluation opened for the ticket's resolution, as the hotline operator sees it."""

    def look():
        items = stack.get("evaluation", "/api/v1/districts/xinlin/evaluations", headers=handlers.headers("xl-op-1"))
        return next((e for e in items.json()["items"] if e["ticket"] == ticket), None)

    return wait_for(look, timeout=60, interval=0.3, what="the follow-up opened at evaluation")


@pytest.mark.slow
def test_reported_up_then_resolved_at_the_street_shows_at_intake(stack):
    handlers = Handlers(stack)
    ticket = submit(stack, "幸福小区3号楼门前的垃圾已经三天没人清运了,气味很大。", "新林镇幸福小区3号楼")
    case = handlers.find("xl-xf-h1", ticket)
    assert (case["unit_id"], case["grid_code"]) == ("xl-xf", "XL-XF-01-G01")
    handlers.act("xl-xf-h1", case["case_id"], "accept")
    assert handlers.act("xl-xf-h1", case["case_id"], "escalate", reason="需镇里协调环卫车辆")["unit_id"] == "xl-xl"
    handlers.act("xl-xl-h1", case["case_id"], "accept")
    handlers.act("xl-xl-h1", case["case_id"], "resolve", reply="镇环卫所已清运。")
    assert tracked_status(stack, ticket, "resolved")["unit"] == "新林镇"

    # 回访 by phone through evaluation: not satisfied → evaluation asks for a reopen → back at the town
    evaluation = opened_follow_up(stack, handlers, ticket)
    answer = stack.post(
        "evaluation",
        f"/api/v1/hotline/evaluations/{evaluation['evaluation_id']}",
        json={"solved": False, "satisfaction": "not_satisfied", "comment": "又堆满了"},
        headers=handlers.headers("xl-op-1"),
    )
    assert answer.status_code == 201, answer.text
    reopened = wait_for(
        lambda: (lambda c: c if c["reopen_count"] == 1 else None)(handlers.find("xl-xl-h1", ticket)),
        timeout=60,
        interval=0.3,
        what="the case reopened at the town",
    )
    assert (reopened["unit_id"], reopened["state"]) == ("xl-xl", "accepted")
    tracked_status(stack, ticket, "reopened")


@pytest.mark.slow
def test_joint_case_by_rule_and_a_merge_through_the_stack(stack):
    handlers = Handlers(stack)
    ticket = submit(
        stack,
        "棚改安置小区回迁补偿款一直没有发放,邻里因此起了纠纷。",
        "新林镇兴安棚改安置小区1号楼",
        category="demolition",
    )
    case = handlers.find("xl-zjj-h1", ticket)
    parts = {
        p["unit_id"]: p
        for p in stack.get("routing", f"/api/v1/cases/{case['case_id']}", headers=handlers.headers("xl-zjj-h1")).json()[
            "parts"
        ]
    }
    assert set(parts) == {"xl-zjj", "xl-mzj", "xl-sfj"}
    handlers.act("xl-mzj-h1", case["case_id"], f"parts/{parts['xl-mzj']['part_id']}/accept")
    handlers.act("xl-mzj-h1", case["case_id"], f"parts/{parts['xl-mzj']['part_id']}/complete", summary="补贴已核实")
    handlers.act("xl-sfj-h1", case["case_id"], f"parts/{parts['xl-sfj']['part_id']}/decline", reason="无纠纷需调解")
    handlers.act("xl-dp-1", case["case_id"], f"parts/{parts['xl-sfj']['part_id']}/drop")
    handlers.act("xl-zjj-h1", case["case_id"], "resolve", reply="补偿款已发放。")
    tracked_status(stack, ticket, "resolved")

    first = submit(stack, "林海小区A座楼道灯坏了一个月,晚上出入很不安全。", "新林镇林海小区A座")
    second = submit(stack, "林海小区A座楼道的灯坏了很久,晚上看不见路。", "新林镇林海小区A座")
    kept, duplicate = handlers.find("xl-lh-h1", first), handlers.find("xl-lh-h1", second)
    merged = handlers.act("xl-lh-h1", duplicate["case_id"], "merge", into_case_id=kept["case_id"])
    assert merged["state"] == "merged" and merged["events"] == ["case.merged.v1"]
