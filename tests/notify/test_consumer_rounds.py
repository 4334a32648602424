"""The consumer plans a batch set-wise, in rounds (``minqing_notify.rounds``): one INSERT of deliveries
for a round of many cases, and a case's events in their order even when they share a batch."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, update

from minqing_contracts import PAYLOADS
from minqing_kit.consumer import EventHandling
from minqing_notify.adapters.tables import bus, deliveries
from minqing_notify.contacts import WAITING_FOR_RECEIPT
from minqing_notify.rounds import rounds
from minqing_notify.subscriptions import subscriptions

from .conftest import sealed

COMMUNITY = {"unit_id": "nv-c1", "unit_name": "一号社区"}
CONSENT = {"how": "signed_form", "given_at": "2026-11-22T01:00:00+00:00", "note": "委托书存社区"}
FILER = {"kind": "person", "id": "nv-c1-h2", "name": "李四", "role": "grid_worker", "unit_id": "nv-c1"}


def _handle(notify, *envelopes) -> list[str]:
    handling = EventHandling("notify", notify.runtime.db, bus, subscriptions(notify.runtime))
    items = [(e, PAYLOADS[e.type].model_validate(e.payload)) for e in envelopes]
    return [outcome.status for outcome in handling.handle_batch(items)]


def _statements(notify, prefix: str) -> list[str]:
    sent: list[str] = []
    event.listen(
        notify.runtime.db.engine,
        "before_cursor_execute",
        lambda _c, _k, statement, *_a: sent.append(statement) if statement.startswith(prefix) else None,
    )
    return sent


def test_rounds_keep_each_case_s_events_in_order():
    def envelope(case_id):
        return type("E", (), {"case_id": case_id})()

    a1, b1, a2, none, a3, b2 = (envelope(c) for c in ("a", "b", "a", None, "a", "b"))
    items = [(e, None) for e in (a1, b1, a2, none, a3, b2)]
    assert [[e for e, _ in r] for r in rounds(items)] == [[a1, b1, none], [a2, b2], [a3]]


def test_a_batch_of_dispatches_is_one_insert_of_deliveries(notify):
    receipts = [
        notify.envelope("case.received.v1", case_id=f"c-{n}", ticket=f"NV-{n}", contact_sealed=sealed())
        for n in range(8)
    ]
    assert _handle(notify, *receipts) == ["handled"] * 8
    inserts = _statements(notify, "INSERT INTO deliveries")
    dispatches = [
        notify.envelope("case.dispatched.v1", case_id=f"c-{n}", ticket=f"NV-{n}", **COMMUNITY) for n in range(8)
    ]
    assert _handle(notify, *dispatches) == ["handled"] * 8
    assert len(inserts) == 1
    for n in range(8):  # each case's handlers (in-app written now, sent) and its reporter (known: an e-mail)
        rows = notify.deliveries(case_id=f"c-{n}", source_event_type="case.dispatched.v1")
        assert {(r.recipient_ref, r.channel, r.status) for r in rows if r.channel == "inapp"} == {
            ("nv-c1-h1", "inapp", "sent"),
            ("nv-c1-h2", "inapp", "sent"),
        }
        assert ("reporter", "email") in {(r.recipient_ref, r.channel) for r in rows}


def test_a_dispatch_in_its_receipt_s_batch_sees_the_receipt(notify):
    """An anonymous receipt and its dispatch in one batch: the dispatch knows the case has nobody to write
    to (planned before the receipt, it would wait for a contact on the reporter's channels)."""
    received = notify.envelope("case.received.v1", case_id="c-a", ticket="NV-A", anonymous=True, contact_sealed=None)
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-a", ticket="NV-A", **COMMUNITY)
    assert _handle(notify, received, dispatched) == ["handled", "handled"]
    assert [r for r in notify.deliveries(case_id="c-a") if r.recipient_kind == "resident"] == []
    assert {r.recipient_ref for r in notify.deliveries(case_id="c-a", channel="inapp")} == {"nv-c1-h1", "nv-c1-h2"}


def test_a_withdrawn_proxy_in_one_batch_is_told_once_then_no_more(notify):
    received = notify.envelope(
        "case.received.v1",
        case_id="c-p",
        ticket="NV-P",
        channel="proxy",
        first_contact=FILER,
        proxy_consent=CONSENT,
        anonymous=True,
        contact_sealed=None,
    )
    resolved = notify.envelope("case.resolved.v1", case_id="c-p", ticket="NV-P", **COMMUNITY, reply="路灯已修复")
    withdrawn = notify.envelope("case.proxy_withdrawn.v1", case_id="c-p", ticket="NV-P", proxy_person_id="nv-c1-h2")
    accepted = notify.envelope("case.accepted.v1", case_id="c-p", ticket="NV-P", **COMMUNITY)
    assert _handle(notify, received, resolved, withdrawn, accepted) == ["handled"] * 4
    told = [
        (r.source_event_type, r.template)
        for r in notify.deliveries(case_id="c-p", recipient_ref="nv-c1-h2", channel="inapp")
    ]  # one message per event: the proxy is the first-contact owner too
    assert sorted(told) == [("case.proxy_withdrawn.v1", "case_followed"), ("case.resolved.v1", "case_followed")]


def test_a_receipt_makes_its_waiting_messages_due_in_its_round(notify):
    """A message the worker holds for a receipt that had not arrived is due once the receipt's round is
    written (one UPDATE for the round's cases), not at its next retry an hour on."""
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-w", ticket="NV-W", **COMMUNITY)
    assert _handle(notify, dispatched) == ["handled"]
    later = notify.runtime.clock() + timedelta(hours=1)
    with notify.runtime.db.transaction() as session:  # as the worker leaves it (sending.py)
        session.execute(
            update(deliveries)
            .where(deliveries.c.contact_case_id == "c-w")
            .values(note=WAITING_FOR_RECEIPT, next_attempt_at=later)
        )
    others = [
        notify.envelope("case.received.v1", case_id=f"c-o{n}", ticket=f"NV-O{n}", contact_sealed=sealed())
        for n in range(3)
    ]
    received = notify.envelope("case.received.v1", case_id="c-w", ticket="NV-W", contact_sealed=sealed())
    assert _handle(notify, *others, received) == ["handled"] * 4
    waited = notify.deliveries(contact_case_id="c-w", source_event_type="case.dispatched.v1")
    assert waited and all(r.next_attempt_at.replace(tzinfo=later.tzinfo) < later for r in waited)
