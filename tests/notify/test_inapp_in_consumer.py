"""In-app messages are written in the consumer's transaction: the delivery is recorded sent there (with its
notification.sent event, were it a reported kind), and the delivery worker only sends what needs a gateway."""

from __future__ import annotations

from sqlalchemy import func, select

from minqing_contracts import PAYLOADS
from minqing_notify import sending
from minqing_notify.adapters.tables import inbox_messages
from minqing_notify.delivery import DeliveryWorker
from minqing_notify.planning import plan_deliveries


def _count(notify, table) -> int:
    with notify.runtime.db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _sent_events(notify) -> list[dict]:
    return [e for e in notify.outbox_events() if e["type"] == "notification.sent.v1"]


def test_the_consumer_writes_the_inbox_and_a_duplicate_writes_nothing_twice(notify, monkeypatch):
    # a consumer that needs the handlers' dispatch deliveries adds them to the reported kinds
    monkeypatch.setattr(sending, "REPORTED_DELIVERIES", {("case.dispatched.v1", "handler")})
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-a", ticket="NV-3", unit_id="nv-c1")
    for _ in range(2):  # the second plan of the same event: the unique key leaves every row out
        with notify.runtime.db.transaction() as session:
            plan_deliveries(
                notify.runtime, session, dispatched, PAYLOADS[dispatched.type].model_validate(dispatched.payload)
            )
    inapp = notify.deliveries(channel="inapp")
    assert {(r.recipient_ref, r.status, r.attempts, r.address_masked) for r in inapp} == {
        ("nv-c1-h1", "sent", 1, "nv-c1-h1"),
        ("nv-c1-h2", "sent", 1, "nv-c1-h2"),
    }
    assert all(r.sent_at is not None for r in inapp)
    assert _count(notify, inbox_messages) == 2
    events = _sent_events(notify)
    assert sorted(e["payload"]["notification_id"] for e in events) == sorted(r.id for r in inapp)
    assert {e["payload"]["channel"] for e in events} == {"inapp"}
    assert {r.status for r in notify.deliveries(channel="sms", recipient_kind="handler")} == {"pending"}

    worker = DeliveryWorker(notify.runtime)
    while worker.run_once():
        pass
    assert worker.counts["sent"] == 2  # the handlers' two SMS (the reporter's wait for the receipt)
    assert {r.status for r in notify.deliveries(recipient_kind="handler")} == {"sent"}
    assert [r.attempts for r in notify.deliveries(channel="inapp")] == [1, 1]
    assert _count(notify, inbox_messages) == 2
    assert len(_sent_events(notify)) == 4
