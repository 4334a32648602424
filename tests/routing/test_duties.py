"""Duties that follow people, as pure commands (no broker, no database): the 包案 leader tightens the
deadline, reassigns within their unit and signs off the unit's answer; no case closes without a reply;
the first-contact owner and the proxy read the case until the resident takes it back from the proxy."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from minqing_contracts.events.base import Actor
from minqing_kit.errors import ApiError
from minqing_kit.orgconfig import load_districts
from minqing_kit.tokens import Principal
from minqing_routing import commands
from minqing_routing.bootstrap import build_district
from minqing_routing.domain import access, duties
from minqing_routing.domain.case import Refused
from minqing_routing.domain.deadlines import Timer

from .test_commands import HANDLER, NOW, person, received, run, types

LEADER = Principal(person_id="ht-s1-ld", name="街道书记", district="hilltown", unit_id="ht-s1", roles=("leader",))


@pytest.fixture(scope="module")
def hilltown():
    return build_district(load_districts(Path(__file__).parent / "districts")["hilltown"], "")


def owned(district, ticket: str):
    case, _ = received(district, ticket)
    run(district, case, HANDLER, commands.accept)
    effects = run(district, case, LEADER, commands.take_ownership)
    assert case.owner_id == "ht-s1-ld"
    assert types(effects) == ["case.progress_recorded.v1", "case.owner_assigned.v1"]
    return case


def test_the_units_answer_to_an_owned_case_waits_for_the_leaders_sign_off(hilltown):
    case = owned(hilltown, "HT-D1")
    proposed = run(hilltown, case, HANDLER, commands.resolve("reply", "已清运"))
    assert types(proposed) == ["case.resolution_proposed.v1"] and case.state == "accepted"
    assert proposed.events[0].owner_person_id == "ht-s1-ld"
    with pytest.raises(ApiError) as not_owner:
        run(hilltown, case, person("ht-s1", "leader"), commands.sign_off(True, ""))
    assert not_owner.value.status == 403

    signed = run(hilltown, case, LEADER, commands.sign_off(True, "同意"))
    assert case.state == "resolved" and case.proposal is None
    resolved = next(e for e in signed.events if type(e).EVENT_TYPE == "case.resolved.v1")
    assert (resolved.reply, resolved.actor.id, resolved.signed_off_by.id) == ("已清运", HANDLER.person_id, "ht-s1-ld")
    assert [s.action for s in signed.steps] == ["resolve", "sign_off"]


def test_a_sent_back_answer_leaves_the_case_open_and_a_second_sign_off_needs_a_new_answer(hilltown):
    case = owned(hilltown, "HT-D2")
    run(hilltown, case, HANDLER, commands.resolve("reply", "已清运"))
    back = run(hilltown, case, LEADER, commands.sign_off(False, "请附照片"))
    assert case.state == "accepted" and case.proposal is None and back.steps[0].reason == "请附照片"
    with pytest.raises(Refused) as none:
        run(hilltown, case, LEADER, commands.sign_off(True, ""))
    assert none.value.code == "no_proposal"


def test_an_answer_waiting_for_sign_off_goes_with_the_unit_that_wrote_it(hilltown):
    case = owned(hilltown, "HT-D9")
    run(hilltown, case, HANDLER, commands.resolve("reply", "已清运"))
    run(hilltown, case, HANDLER, commands.escalate("需街道协调", []))
    assert case.unit_id == "ht-s1" and case.proposal is None
    with pytest.raises(Refused) as none:
        run(hilltown, case, LEADER, commands.sign_off(True, ""))
    assert none.value.code == "no_proposal"


def test_no_case_closes_without_a_reply(hilltown):
    case, _ = received(hilltown, "HT-D3")
    run(hilltown, case, HANDLER, commands.accept)
    with pytest.raises(Refused) as blank:
        run(hilltown, case, HANDLER, commands.resolve("reply", "  \n "))
    assert (blank.value.code, blank.value.status, case.state) == ("reply_required", 422, "accepted")
    owned_case = owned(hilltown, "HT-D4")
    with pytest.raises(Refused):
        run(hilltown, owned_case, HANDLER, commands.resolve("explanation", ""))
    assert owned_case.proposal is None


def test_the_leader_sets_an_earlier_deadline_and_the_old_deadlines_timers_do_nothing(hilltown):
    case = owned(hilltown, "HT-D5")
    old = case.resolution_deadline
    assert old is not None
    with pytest.raises(Refused) as later:
        run(hilltown, case, LEADER, commands.tighten_deadline(old + timedelta(days=1), "延期"))
    assert later.value.code == "deadline_not_tighter"
    with pytest.raises(ApiError):
        run(hilltown, case, HANDLER, commands.tighten_deadline(NOW + timedelta(hours=5), "限期"))

    new = NOW + (old - NOW) / 2
    effects = run(hilltown, case, LEADER, commands.tighten_deadline(new, "群众反映强烈"))
    assert case.resolution_deadline == new and types(effects) == ["case.deadline_tightened.v1"]
    assert effects.events[0].previous_deadline == old
    assert {(t.deadline_kind, t.deadline) for t in effects.timers} == {("resolution", new)}
    stale = Timer("supervise", "resolution", old, old, case.stage)  # set by the dispatch, for the old deadline
    assert hilltown.work.on_timer(case, stale, old).empty
    supervised = hilltown.work.on_timer(case, Timer("supervise", "resolution", new, new, case.stage), new)
    assert types(supervised) == ["case.supervised.v1"]


def test_the_leader_reassigns_within_their_own_unit_only_even_once_the_case_went_above_it(hilltown):
    case = owned(hilltown, "HT-D6")
    run(hilltown, case, HANDLER, commands.escalate("需街道协调", []))
    run(hilltown, case, person("ht-s1", "street_handler"), commands.escalate("需区级协调", []))
    assert case.unit_id == "hilltown"  # above the leader's street: no longer theirs to coordinate
    with pytest.raises(ApiError) as outside:
        run(hilltown, case, LEADER, commands.dispatch_to("ht-cgj"))
    assert outside.value.status == 403
    effects = run(hilltown, case, LEADER, commands.dispatch_to("ht-c2"))
    assert (case.unit_id, case.state, case.owner_id) == ("ht-c2", "dispatched", "ht-s1-ld")
    assert effects.events[0].actor.id == "ht-s1-ld"


def test_the_proxy_and_the_first_contact_owner_read_the_case_until_the_resident_takes_it_back(hilltown):
    proxy = Actor(kind="person", id="ht-c1-m1", name="信使", role="community_handler", unit_id="ht-c1")
    consent = {"how": "signed_form", "given_at": NOW.isoformat(), "note": None}
    assert duties.holders(proxy, consent) == ("ht-c1-m1", "ht-c1-m1")
    assert duties.holders(proxy, None) == ("ht-c1-m1", None)
    assert duties.holders(Actor(kind="resident"), None) == (None, None)

    case, _ = received(hilltown, "HT-D7", grid="HT-C3-G01")
    case.first_contact_id, case.proxy_id, case.proxy_consent = "ht-c1-m1", "ht-c1-m1", consent
    messenger = Principal(person_id="ht-c1-m1", name="信使", district="hilltown", unit_id="ht-c1", roles=())
    assert case.unit_id == "ht-c3" and access.readable(hilltown.org, messenger, case, set())

    assert duties.withdraw_proxy(case, "someone-else", Actor(kind="resident")).empty
    effects = duties.withdraw_proxy(case, "ht-c1-m1", Actor(kind="resident"))
    assert [s.action for s in effects.steps] == ["proxy_withdrawn"]
    assert (case.proxy_id, case.first_contact_id) == (None, None)
    assert not access.readable(hilltown.org, messenger, case, set())


def test_a_rating_ends_the_first_contact_duty_once(hilltown):
    case, _ = received(hilltown, "HT-D8")
    case.first_contact_id = "ht-op"
    assert [s.action for s in duties.rated(case, NOW).steps] == ["rated"] and case.rated_at == NOW
    assert duties.rated(case, NOW + timedelta(days=1)).empty and case.rated_at == NOW


def test_a_volunteer_reads_only_the_cases_they_filed_and_handles_none_of_their_communitys(hilltown):
    """联户党员 and 民情信使 name their community as their unit, where they live: not a desk."""
    case, _ = received(hilltown, "HT-D9", grid="HT-C1-G01")
    member = person("ht-c1", "party_member")
    assert case.unit_id == member.unit_id == "ht-c1" and access.readable(hilltown.org, HANDLER, case, set())
    assert not access.readable(hilltown.org, member, case, set())
    assert not access.readable(hilltown.org, member, case, {"ht-c1"})  # nor by a part their community holds
    assert not access.coordinates(hilltown.org, person("ht-s1", "messenger"), case)  # nor above it, at a street
    with pytest.raises(ApiError) as refused:
        run(hilltown, case, member, commands.accept)
    assert refused.value.status == 403 and case.state == "dispatched"

    case.first_contact_id = case.proxy_id = member.person_id  # they filed it for the resident (代办)
    assert access.readable(hilltown.org, member, case, set()) and not access.handles(hilltown.org, member, case)
    both = person("ht-c1", "party_member", "community_handler")  # a handler who is also a party member
    assert access.handles(hilltown.org, both, case)
