"""Notify subscribes to the payload classes its rules name: the defaults and what a district adds; a
rule naming a type the contracts lack stops notify before it declares or consumes anything."""

from __future__ import annotations

import pytest

from minqing_contracts.events.intake import CaseReceived
from minqing_contracts.events.routing import CaseAccepted, CaseDispatched
from minqing_notify.subscriptions import subscriptions

ACCEPTED_RULE = """  rules:
    - {event: case.accepted.v1, audience: reporter, channels: [sms], template: case_dispatched}
"""
UNKNOWN_RULE = """  rules:
    - {event: case.teleported.v1, audience: reporter, channels: [sms], template: case_dispatched}
"""


def test_a_district_rule_adds_its_event_to_the_subscriptions(notify_factory):
    subscribed = subscriptions(notify_factory(ACCEPTED_RULE).runtime)
    assert {CaseAccepted, CaseDispatched, CaseReceived} <= set(subscribed)


def test_a_rule_for_an_event_type_the_contracts_lack_stops_notify(notify_factory):
    with pytest.raises(ValueError, match="case.teleported.v1"):
        notify_factory(UNKNOWN_RULE)
