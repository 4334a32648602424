"""The one writer on PostgreSQL (no broker, no workers): a new case's row, parts, trail and outbox rows
from one handler call, and a joint case's lead part going wherever the case goes — escalated by its
handler or by the scheduler."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from minqing_contracts.events.intake import CaseReceived
from minqing_kit.tokens import Principal
from minqing_routing import commands
from minqing_routing.adapters import repository
from minqing_routing.adapters.tables import bus, history, timers
from minqing_routing.bootstrap import bootstrap
from minqing_routing.handling import perform
from minqing_routing.scheduler import DeadlineScheduler
from minqing_routing.subscriptions import on_case_received

from .harness import received

LEAD = Principal(
    person_id="ht-zjj-h1", name="住一", district="hilltown", unit_id="ht-zjj", roles=("department_handler",)
)


@pytest.fixture
def runtime(routing_settings):
    found = bootstrap(routing_settings)
    yield found
    found.db.dispose()


def joint_case(runtime) -> str:
    """A demolition case: the rule table sends it to ht-zjj with two co-handlers."""
    envelope = received("HT-WRITE-1", category="demolition", grid="HT-C1-G01")
    with runtime.db.transaction() as session:
        on_case_received(runtime, session, envelope, CaseReceived.model_validate(envelope.payload))
    return envelope.case_id


def stored(runtime, case_id: str):
    with runtime.db.transaction() as session:
        case = repository.load(session, case_id, lock=False)
        parts = [(p.unit_id, p.lead) for p in repository.load_parts(session, case_id)]
        trail = (
            session.execute(select(history.c.action).where(history.c.case_id == case_id).order_by(history.c.id))
            .scalars()
            .all()
        )
        events = session.execute(select(bus.outbox.c.event_type)).scalars().all()
    return case, parts, trail, events


def test_a_new_joint_case_is_written_whole_in_one_handler_call(runtime):
    case, parts, trail, events = stored(runtime, joint_case(runtime))
    assert (case.unit_id, case.state, case.joint) == ("ht-zjj", "dispatched", True)
    assert parts == [("ht-zjj", True), ("ht-mzj", False), ("ht-sfj", False)]
    assert trail == ["dispatch", "joint_open"]
    assert sorted(events) == ["case.dispatched.v1", "case.joint_opened.v1"]


def test_the_lead_part_goes_up_with_the_case_its_handler_escalates(runtime):
    case_id = joint_case(runtime)
    perform(runtime, LEAD, case_id, commands.accept)
    answer = perform(runtime, LEAD, case_id, commands.escalate("需要区里协调", []))
    case, parts, trail, _ = stored(runtime, case_id)
    assert (answer["unit_id"], case.unit_id) == ("hilltown", "hilltown")
    assert parts == [("hilltown", True), ("ht-mzj", False), ("ht-sfj", False)]
    assert trail == ["dispatch", "joint_open", "accept", "escalate"]


def test_the_lead_part_goes_up_with_the_case_the_scheduler_escalates(runtime):
    case_id = joint_case(runtime)
    before, _, _, _ = stored(runtime, case_id)
    late = before.resolution_deadline + timedelta(days=30)
    scheduler = DeadlineScheduler(runtime)
    while scheduler.sweep_once(now=late):
        pass
    case, parts, trail, _ = stored(runtime, case_id)
    assert case.unit_id == "hilltown" and "escalate" in trail
    assert parts == [("hilltown", True), ("ht-mzj", False), ("ht-sfj", False)]


def test_a_partner_district_s_part_is_reminded_supervised_and_escalated_on_its_stream(runtime):
    """hilltown's west grid: riverside's 河一社区 holds a part; the scheduler reminds and supervises it on
    riverside's stream and, still not done, hands it up riverside's tree (河畔街道)."""
    envelope = received("HT-WRITE-2", category="property", grid="HT-C3-G01")
    with runtime.db.transaction() as session:
        on_case_received(runtime, session, envelope, CaseReceived.model_validate(envelope.payload))
    lead = Principal(
        person_id="ht-c3-h1", name="西一", district="hilltown", unit_id="ht-c3", roles=("community_handler",)
    )
    perform(runtime, lead, envelope.case_id, commands.accept)
    perform(runtime, lead, envelope.case_id, commands.open_joint([("rs-c1", "河畔一侧清理")], "主办"))
    with runtime.db.transaction() as session:
        [part] = [p for p in repository.load_parts(session, envelope.case_id) if not p.lead]
    scheduler = DeadlineScheduler(runtime)
    for late in (part.deadline - timedelta(hours=1), part.deadline + timedelta(days=30)):
        while scheduler.sweep_once(now=late):
            pass
    with runtime.db.transaction() as session:
        [moved] = [p for p in repository.load_parts(session, envelope.case_id) if not p.lead]
        sent = session.execute(select(bus.outbox.c.routing_key).order_by(bus.outbox.c.id)).scalars().all()
        watched = select(timers.c.kind, timers.c.outcome).where(timers.c.part_id == part.part_id)
        outcomes = [tuple(row) for row in session.execute(watched.order_by(timers.c.id))]
        case_now = repository.load(session, envelope.case_id, lock=False)
    assert (moved.unit_id, moved.district, moved.status) == ("rs-s1", "riverside", "open")
    partner = [key for key in sent if key.startswith("riverside.")]  # <district>.<type>: riverside's stream
    assert partner == [
        "riverside.case.joint_opened.v1",
        "riverside.deadline.approaching.v1",
        "riverside.case.supervised.v1",
    ]
    # each fired, the partner's notices too, though they went to riverside's stream alone; then 河畔街道's
    # reminder, due before the lead's deadline (moved when the case itself was escalated)
    assert outcomes == [("remind", "fired"), ("supervise", "fired"), ("escalate", "fired"), ("remind", None)]
    assert moved.deadline == case_now.resolution_deadline
