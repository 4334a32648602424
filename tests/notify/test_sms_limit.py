"""The per-recipient hourly SMS limit across delivery-worker replicas: each replica has its own
runtime and engine on the same database, as separate processes would."""

from __future__ import annotations

import time
from datetime import timedelta

from minqing_kit.service import build_consumer
from minqing_notify.bootstrap import bootstrap
from minqing_notify.definition import DEFINITION
from minqing_notify.delivery import DeliveryWorker
from minqing_notify.sms_slots import SmsSlots
from support.workers import running, wait_for

from .conftest import PHONE, later, sealed


def plan_sms(notify, count: int) -> list:
    """``count`` receipts by SMS to the same phone, planned but not yet sent."""
    events = [
        notify.envelope("case.received.v1", case_id=f"c-{i}", ticket=f"NV-{i}", contact_sealed=sealed(email=None))
        for i in range(count)
    ]
    with running(build_consumer(DEFINITION, notify.settings, notify.runtime)):
        notify.publish(*events)
        wait_for(lambda: len(notify.deliveries()) == count, what=f"{count} SMS planned")
    return events


def held_by_rate_limit(row) -> bool:
    return row.status == "pending" and (row.note or "").startswith("rate limit")


def test_replicas_together_send_no_more_than_the_hourly_limit(notify_factory):
    notify = notify_factory(SMS_PER_RECIPIENT_PER_HOUR=3, DELIVERY_BATCH_SIZE=2)
    notify.http.answer = lambda path, raw: (time.sleep(0.2), (200, {"message_id": "slow"}))[1]  # a real race
    plan_sms(notify, 8)
    replica = bootstrap(notify.settings, clock=notify.clock)
    try:
        with running(DeliveryWorker(notify.runtime), DeliveryWorker(replica)):
            wait_for(
                lambda: all(r.status == "sent" or held_by_rate_limit(r) for r in notify.deliveries()),
                what="every SMS sent or held",
            )
    finally:
        replica.db.dispose()
    rows = notify.deliveries()
    sent = [r for r in rows if r.status == "sent"]
    assert len(notify.http.on("/sms")) == 3 and len(sent) == 3
    first_sent = min(r.sent_at for r in sent)
    held = [r for r in rows if r.status != "sent"]
    assert len(held) == 5
    assert {r.next_attempt_at for r in held} == {first_sent + timedelta(hours=1)}


def test_a_failed_send_leaves_its_slot_to_the_next_sms(notify_factory):
    notify = notify_factory(SMS_PER_RECIPIENT_PER_HOUR=1, DELIVERY_BACKOFF_SECONDS=600)
    notify.http.script("/sms", (503, {"message": "try later"}))
    first, second = (
        notify.envelope("case.received.v1", case_id=f"c-{i}", ticket=f"NV-{i}", contact_sealed=sealed(email=None))
        for i in range(2)
    )
    with notify.workers():
        notify.publish(first)
        wait_for(lambda: any(r.last_error for r in notify.deliveries()), what="the first attempt failed")
        notify.publish(second)
        wait_for(lambda: notify.settled(1, source_event_id=second.event_id), what="the second SMS sent at once")
        notify.clock.set(later(11))  # the first one's retry is due
        wait_for(
            lambda: held_by_rate_limit(notify.deliveries(source_event_id=first.event_id)[0]),
            what="the retry held by the limit the second SMS used",
        )
    [retried] = notify.deliveries(source_event_id=first.event_id)
    [sent] = notify.deliveries(source_event_id=second.event_id)
    assert (retried.attempts, retried.last_error) == (1, "gateway 503: try later")
    assert retried.next_attempt_at == sent.sent_at + timedelta(hours=1)
    assert len(notify.http.on("/sms")) == 2


def test_a_crashed_workers_slot_counts_only_until_its_lease_runs_out(notify_factory):
    notify = notify_factory(DELIVERY_LEASE_SECONDS=120)
    plan_sms(notify, 2)
    worker = DeliveryWorker(notify.runtime)
    crashed, waiting = worker.claim()  # both are being sent now, under a lease
    phone, slots, now = worker.sender.book.fingerprint(PHONE), SmsSlots(notify.runtime.db), notify.clock()
    assert slots.reserve(crashed.id, phone, 1, now) is None  # took the slot, then its worker died
    assert slots.reserve(waiting.id, phone, 1, now) == now + timedelta(hours=1)
    assert slots.reserve(waiting.id, phone, 1, now + timedelta(seconds=121)) is None
