"""Intake's consumer takes routing's events set-wise (issue 20): a batch of events for several cases, out of
order, is read and written with the same few statements however many events it holds, and leaves each case's
view as one event at a time would (a late event adds its step, never moves a case back)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from minqing_intake.adapters.tables import bus
from minqing_intake.definition import DEFINITION
from minqing_intake.domain.tracking import CHANGES, View, moved
from minqing_intake.subscriptions import subscriptions
from minqing_kit.handling import EventHandling

from .helpers import request_body
from .test_timeline import model
from .test_tracking_bus import T0, routing_event


def counted(engine):
    """The statements the engine sends, as a list that grows."""
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    return sent


def batch_for(case_id: str, ticket: str, start: int):
    return [
        routing_event("case.dispatched.v1", case_id, start + 1, ticket=ticket),
        routing_event("case.progress_recorded.v1", case_id, start + 3, ticket=ticket, note="已联系物业"),
        routing_event("case.resolved.v1", case_id, start + 5, ticket=ticket, reply="已清运完毕。"),
        routing_event("case.accepted.v1", case_id, start + 2, ticket=ticket),  # delivered late: after resolved
    ]


def test_a_batch_of_cases_is_written_with_the_same_statements_however_many_events(client, runtime):
    receipts = [client.post("/api/v1/cases", json=request_body()).get_json() for _ in range(3)]
    handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
    sent = counted(runtime.db.engine)
    statements = []
    for receipts_in_batch in (receipts[:1], receipts[1:]):  # a batch of 4 events, then one of 8
        events = [e for r in receipts_in_batch for e in batch_for(r["case_id"], r["ticket"], 0)]
        partner_copy = routing_event("case.dispatched.v1", receipts_in_batch[0]["case_id"], 9)
        partner_copy = partner_copy.model_copy(update={"district": "luwan"})  # 跨区联办's copy: not this timeline
        sent.clear()
        outcomes = handling.handle_batch([(e, model(e)) for e in [*events, partner_copy]])
        assert {o.status for o in outcomes} == {"handled"}
        statements.append(len(sent))
    assert statements[0] == statements[1]  # twice the events and cases, no more statements
    assert statements[1] <= 5  # inbox claim, read of the cases, steps and views (and BEGIN/COMMIT aside)
    for receipt in receipts:
        view = client.get(f"/api/v1/cases/{receipt['ticket']}").get_json()
        assert (view["status"], view["unit"], view["reply"]) == ("resolved", "幸福社区", "已清运完毕。")
        assert [s["kind"] for s in view["steps"]] == ["dispatched", "accepted", "progress", "reply"]


def test_a_status_set_before_the_batch_by_a_later_event_stays():
    done = T0 + timedelta(minutes=5)
    view = View("resolved", done, "u1", "幸福社区", None, "已办结", done, None)
    dispatched = routing_event("case.dispatched.v1", "c1", 1, unit_name="城管局")
    late = moved(view, CHANGES[type(model(dispatched))](model(dispatched)), dispatched.occurred_at)
    assert (late.status, late.unit_name, late.reply) == ("resolved", "幸福社区", "已办结")
    reopened = routing_event("case.reopened.v1", "c1", 9)
    later = moved(late, CHANGES[type(model(reopened))](model(reopened)), reopened.occurred_at)
    assert (later.status, later.status_at, later.reply) == ("reopened", reopened.occurred_at, "已办结")
