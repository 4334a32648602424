"""Step SMS through the real broker and PostgreSQL: a burst of steps is one message (the latest step's) after the
burst window, the per-case daily cap defers the next to the next day, quiet hours hold it to the morning, and
a resident who turned them off gets nothing more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from minqing_notify.adapters.tables import case_contacts
from support.workers import wait_for

from .conftest import PHONE, SHANGHAI_10AM, sealed

STEP = "step_updates"  # the recipient_ref of a step SMS


def step_rows(notify, case_id: str) -> list:
    return [r for r in notify.deliveries(contact_case_id=case_id) if r.recipient_ref == "step_updates"]


def opted_in(notify, case_id: str) -> bool | None:
    with notify.runtime.db.engine.connect() as connection:
        row = connection.execute(select(case_contacts).where(case_contacts.c.case_id == case_id)).first()
    return None if row is None else row.step_updates


def step_texts(notify) -> list[str]:
    return [r.json["text"] for r in notify.http.on("/sms") if r.json["to"] == PHONE and "进展短信" in r.json["text"]]


def received(notify, case_id: str, **changes):
    return notify.envelope(
        "case.received.v1", case_id=case_id, contact_sealed=sealed(email=None), step_updates=True, **changes
    )


def test_a_dispatch_and_its_acceptance_within_the_burst_are_one_message(notify_factory):
    notify = notify_factory(STEP_SMS_BURST_SECONDS="60")
    steps = [
        notify.envelope("case.dispatched.v1", case_id="c-b", unit_id="nv-c1", unit_name="一号社区"),
        notify.envelope("case.accepted.v1", case_id="c-b", unit_id="nv-c1", unit_name="一号社区"),
    ]
    with notify.workers():
        notify.publish(received(notify, "c-b"), *steps)
        wait_for(lambda: len(step_rows(notify, "c-b")) == 2, what="both steps planned")
        waiting = {r.source_event_type: (r.status, r.note) for r in step_rows(notify, "c-b")}
        assert waiting["case.dispatched.v1"][0] == "skipped" and "replaced" in waiting["case.dispatched.v1"][1]
        assert waiting["case.accepted.v1"][0] == "pending"  # due after the burst window
        notify.clock.set(SHANGHAI_10AM + timedelta(seconds=61))
        wait_for(lambda: notify.settled(2, contact_case_id="c-b", recipient_ref="step_updates"), what="the one SMS")
    [text] = step_texts(notify)
    assert "已签收，承办单位：一号社区" in text and "已派单" not in text


def test_the_daily_cap_defers_and_quiet_hours_hold_and_stopping_stops(notify_factory):
    notify = notify_factory(STEP_SMS_PER_CASE_PER_DAY="1")
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-c", unit_id="nv-c1", unit_name="一号社区")
    accepted = notify.envelope("case.accepted.v1", case_id="c-c", unit_id="nv-c1", unit_name="一号社区")
    with notify.workers():
        notify.publish(received(notify, "c-c"), dispatched)
        wait_for(
            lambda: notify.settled(1, source_event_id=dispatched.event_id, recipient_ref=STEP), what="the first one"
        )
        notify.publish(accepted)
        wait_for(
            lambda: notify.deliveries(source_event_id=accepted.event_id, recipient_ref=STEP),
            what="the second step planned",
        )
        [capped] = notify.deliveries(source_event_id=accepted.event_id, recipient_ref=STEP)
        assert capped.status == "pending" and "at most 1 step SMS per case a day" in capped.note
        tomorrow = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 00:00 in Shanghai: deferred to it, then quiet hours
        assert capped.next_attempt_at.astimezone(UTC) == tomorrow
        notify.clock.set(tomorrow + timedelta(minutes=1))
        wait_for(
            lambda: (
                "quiet hours"
                in (notify.deliveries(source_event_id=accepted.event_id, recipient_ref=STEP)[0].note or "")
            ),
            what="held by the quiet hours at night",
        )
        notify.publish(
            notify.envelope("case.step_updates_changed.v1", case_id="c-c", enabled=False, changed_at=tomorrow)
        )
        wait_for(lambda: opted_in(notify, "c-c") is False, what="the resident's 退订 recorded")
        notify.clock.set(datetime(2026, 11, 24, 0, 30, tzinfo=UTC))  # 08:30 in Shanghai: the hold is over
        wait_for(lambda: notify.settled(1, source_event_id=accepted.event_id, recipient_ref=STEP), what="the held one")
    [held] = notify.deliveries(source_event_id=accepted.event_id, recipient_ref=STEP)
    assert held.status == "skipped" and "not asked" in held.note  # turned off while it waited: never sent
    assert len(step_texts(notify)) == 1
