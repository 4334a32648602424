"""The complainant firewall's rule: a reveal of the resident's contact is an audit step with its reason;
without one it is refused, except for the hotline, whose role needs the number."""

from __future__ import annotations

import pytest

from minqing_contracts.events.base import Actor
from minqing_kit.tokens import Principal
from minqing_routing.domain import firewall
from minqing_routing.domain.case import Case, Refused

HANDLER = Actor(kind="person", id="ht-c1-h1", name="张一", role="community_handler", unit_id="ht-c1")


def case() -> Case:
    return Case("c-1", "hilltown", "HT-1", "environment", False, "HT-C1-G01", "ht-c1", "grid_code", state="accepted")


def test_a_reveal_is_an_audit_step_with_its_reason_and_changes_nothing_else():
    found = case()
    effects = firewall.reveal(found, HANDLER, ("community_handler",), "  需电话核实位置 ")
    [step] = effects.steps
    assert (step.action, step.reason, step.from_state, step.to_state) == (
        "reveal_contact",
        "需电话核实位置",
        "accepted",
        "accepted",
    )
    assert effects.events == [] and effects.timers == [] and found.state == "accepted"


def test_no_reason_is_refused_but_the_hotline_s_role_is_its_reason():
    with pytest.raises(Refused) as refused:
        firewall.reveal(case(), HANDLER, ("community_handler", "supervisor"), " ")
    assert (refused.value.code, refused.value.status) == ("reason_required", 422)
    [step] = firewall.reveal(case(), HANDLER, ("hotline_operator",), "").steps
    assert step.reason == firewall.ROLE_REASON


def test_a_reveal_step_is_read_by_overseers_and_the_revealer_only():
    def who(person: str, *roles: str) -> Principal:
        return Principal(person, "某人", "hilltown", "ht-c1", roles)

    assert firewall.sees_step(who("ht-s1-sv", "supervisor"), "reveal_contact", "ht-c1-h1")
    assert firewall.sees_step(who("ht-c1-h1", "community_handler"), "reveal_contact", "ht-c1-h1")
    assert not firewall.sees_step(who("ht-c1-h2", "community_handler"), "reveal_contact", "ht-c1-h1")
    assert firewall.sees_step(who("ht-c1-h2", "community_handler"), "accept", "ht-c1-h1")
