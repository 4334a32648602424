"""Delivery guarantees end to end: retries with backoff, permanent failures with the provider's
reason, quiet hours, the per-recipient SMS limit, duplicates, district overrides, the delivery log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from support.workers import wait_for

from .conftest import PHONE, SHANGHAI_10AM, sealed


def test_gateway_500_is_retried_then_sent(notify):
    notify.http.script(
        "/sms", (500, {"message": "upstream busy"}), (503, {"message": "try later"}), (200, {"message_id": "p-9"})
    )
    with notify.workers():
        notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed(email=None)))
        wait_for(lambda: notify.settled(1), what="SMS settled")
    [row] = notify.deliveries()
    assert (row.status, row.attempts, row.provider_ref, row.segments) == ("sent", 3, "p-9", 2)
    assert len(notify.http.on("/sms")) == 3


def test_gateway_400_is_a_permanent_failure_with_the_providers_reason(notify):
    notify.http.defaults["/sms"] = (400, {"message": "sign name not approved"})
    with notify.workers():
        notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed(email=None)))
        wait_for(lambda: notify.settled(1), what="SMS settled")
    [row] = notify.deliveries()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "gateway 400: sign name not approved")


def test_gateway_that_keeps_failing_gives_up_after_the_last_attempt(notify_factory):
    notify = notify_factory(DELIVERY_MAX_ATTEMPTS=3)
    notify.http.defaults["/sms"] = (502, {"message": "bad gateway"})
    with notify.workers():
        notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed(email=None)))
        wait_for(lambda: notify.settled(1), what="SMS settled")
    [row] = notify.deliveries()
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "gateway 502: bad gateway")
    assert len(notify.http.on("/sms")) == 3


def test_quiet_hours_defer_a_residents_sms_to_0800_and_send_it_then(notify):
    notify.clock.set(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai
    with notify.workers():
        notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed()))
        wait_for(lambda: notify.settled(1, channel="email"), what="the e-mail, which has no quiet hours")
        wait_for(lambda: (notify.deliveries(channel="sms")[0].note or "").startswith("quiet hours"), what="SMS held")
        [held] = notify.deliveries(channel="sms")
        assert held.status == "pending" and notify.http.on("/sms") == []
        assert held.next_attempt_at == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
        notify.clock.set(datetime(2026, 11, 24, 0, 0, 1, tzinfo=UTC))
        wait_for(lambda: notify.settled(1, channel="sms"), what="SMS sent at 08:00")
    [sent] = notify.deliveries(channel="sms")
    assert sent.status == "sent" and sent.attempts == 1
    assert timedelta(0) <= sent.sent_at - datetime(2026, 11, 24, 0, 0, tzinfo=UTC) < timedelta(minutes=1)


def test_urgent_case_is_not_held_by_quiet_hours(notify):
    notify.clock.set(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
    with notify.workers():
        notify.publish(notify.envelope("case.received.v1", urgent=True, contact_sealed=sealed(email=None)))
        wait_for(lambda: notify.settled(1), what="urgent SMS sent at night")
    assert [r.json["to"] for r in notify.http.on("/sms")] == [PHONE]


def test_sms_beyond_the_hourly_limit_per_recipient_waits(notify_factory):
    notify = notify_factory(SMS_PER_RECIPIENT_PER_HOUR=2)
    events = [
        notify.envelope("case.received.v1", case_id=f"c-{i}", ticket=f"NV-{i}", contact_sealed=sealed(email=None))
        for i in range(3)
    ]
    with notify.workers():
        notify.publish(*events)
        wait_for(lambda: len([r for r in notify.deliveries() if r.status == "sent"]) == 2, what="two SMS sent")
        wait_for(lambda: any((r.note or "").startswith("rate limit") for r in notify.deliveries()), what="third held")
        [held] = [r for r in notify.deliveries() if r.status != "sent"]
        first_sent = min(r.sent_at for r in notify.deliveries() if r.status == "sent")
        assert held.next_attempt_at == first_sent + timedelta(hours=1)
        notify.clock.set(SHANGHAI_10AM + timedelta(hours=1, minutes=1))
        wait_for(lambda: notify.settled(3), what="third SMS sent an hour later")
    assert len(notify.http.on("/sms")) == 3


def test_duplicate_event_sends_nothing_twice(notify):
    received = notify.envelope("case.received.v1", contact_sealed=sealed())
    with notify.workers():
        notify.publish(received, received)
        wait_for(lambda: notify.consumer.counts["duplicate"] == 1, what="the copy seen as a duplicate")
        wait_for(lambda: notify.settled(2), what="SMS and e-mail")
        notify.publish(received)
        wait_for(lambda: notify.consumer.counts["duplicate"] == 2, what="a late copy seen as a duplicate")
    assert len(notify.http.on("/sms")) == 1 and len(notify.smtp.messages) == 1


OVERRIDE = """  quiet_start: "23:30"
  rules:
    - {event: case.received.v1, audience: reporter, channels: [email], template: receipt_plain}
    - {event: case.dispatched.v1, audience: reporter, channels: []}
"""


def test_district_rules_and_templates_override_the_defaults(notify_factory, tmp_path):
    templates = tmp_path / "templates" / "notifyville"
    templates.mkdir(parents=True)
    (templates / "receipt_plain.j2").write_text(
        "收到了 {{ ticket }}\n编号{{ ticket }}，{{ district_name }}会尽快处理。\n", encoding="utf-8"
    )
    (templates / "case_assigned.j2").write_text("派单 {{ ticket }}\n请处理{{ ticket }}。\n", encoding="utf-8")
    notify = notify_factory(OVERRIDE, TEMPLATES_DIR=tmp_path / "templates")
    received = notify.envelope("case.received.v1", case_id="c-o", ticket="NV-7", contact_sealed=sealed())
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-o", ticket="NV-7", unit_id="nv-zjj")
    with notify.workers():
        notify.publish(received, dispatched)
        wait_for(lambda: notify.settled(3, case_id="c-o"), what="receipt e-mail, handler's inbox, unit's robot")
    assert {(r.recipient_ref, r.channel) for r in notify.deliveries()} == {
        ("reporter", "email"),
        ("nv-zjj-h1", "inapp"),
        ("nv-zjj", "wecom"),
    }
    [mail] = notify.smtp.messages
    assert (mail["subject"], mail["body"]) == ("收到了 NV-7", "编号NV-7，通知区会尽快处理。")
    assert notify.deliveries(channel="inapp")[0].body == "请处理NV-7。"
    assert notify.http.on("/sms") == []


def test_delivery_log_per_case_and_recipient_masks_addresses(notify):
    with notify.workers():
        notify.publish(
            notify.envelope(
                "case.received.v1", case_id="c-log", ticket="NV-3", contact_sealed=sealed(), step_updates=True
            ),
            notify.envelope("case.dispatched.v1", case_id="c-log", ticket="NV-3", unit_id="nv-c1"),
        )
        wait_for(lambda: notify.settled(8, case_id="c-log"), what="eight deliveries")
    client = notify.app()
    supervisor = notify.token("nv-d-h1", "notifyville", "dispatcher", "supervisor")
    log = client.get("/api/v1/deliveries?ticket=NV-3", headers=supervisor).json
    assert log["count"] == 8
    resident = {d["channel"]: d for d in log["deliveries"] if d["recipient"]["kind"] == "resident"}
    assert resident["sms"]["address"] == "138****5678" and resident["email"]["address"] == "r***@example.com"
    assert PHONE not in str(log) and "resident@example.com" not in str(log) and "13900000001" not in str(log)
    handler = notify.token("nv-c1-h1", "nv-c1", "community_handler")
    mine = client.get("/api/v1/deliveries?recipient=nv-c1-h1", headers=handler).json["deliveries"]
    assert {(d["channel"], d["status"], d["address"]) for d in mine} == {
        ("inapp", "sent", "nv-c1-h1"),
        ("sms", "sent", "139****0001"),
    }
    assert client.get("/api/v1/deliveries?ticket=NV-3", headers=handler).json["count"] == 2  # only their own
    bad = client.get("/api/v1/deliveries", headers=supervisor)
    assert bad.status_code == 422 and bad.json["error"]["fields"][0]["field"] == "case_id"
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.") and "/api/v1/deliveries" in spec["paths"]


def test_answer_to_an_urgent_case_is_not_held_at_night(notify):
    received = notify.envelope(
        "case.received.v1", case_id="c-u", urgent=True, contact_sealed=sealed(email=None), step_updates=True
    )
    resolved = notify.envelope("case.resolved.v1", case_id="c-u", unit_id="nv-c1")  # carries no urgent flag
    with notify.workers():
        notify.publish(received)
        wait_for(lambda: notify.settled(1, case_id="c-u"), what="the receipt")
        notify.clock.set(datetime(2026, 11, 23, 16, 0, tzinfo=UTC))  # midnight in Shanghai
        notify.publish(resolved)
        wait_for(lambda: notify.settled(1, source_event_id=resolved.event_id), what="the answer sent at midnight")
    assert len(notify.http.on("/sms")) == 2


def test_a_slow_gateway_does_not_hold_up_the_event_queue(notify):
    import time

    notify.http.answer = lambda path, raw: (time.sleep(3), (200, {"message_id": "slow"}))[1]
    events = [
        notify.envelope("case.received.v1", case_id=f"c-slow-{i}", contact_sealed=sealed(f"1380000000{i}", None))
        for i in range(10)
    ]
    with notify.workers():
        notify.publish(*events)
        wait_for(lambda: len(notify.deliveries()) == 10, what="all ten events planned")
        sent_when_planned = len([r for r in notify.deliveries() if r.status == "sent"])
        assert notify.consumer.counts["handled"] == 10
        wait_for(lambda: notify.settled(10), timeout=30, what="all ten SMS sent")
    assert sent_when_planned < 10


def test_a_volunteer_reads_only_their_own_deliveries_not_their_units(notify):
    dispatched = notify.envelope("case.dispatched.v1", case_id="c-unit", ticket="NV-U", unit_id="nv-zjj")
    with notify.workers():
        notify.publish(dispatched)
        wait_for(lambda: notify.deliveries(case_id="c-unit", recipient_ref="nv-zjj"), what="the unit's robot")
    client = notify.app()
    staff = notify.token("nv-zjj-h1", "nv-zjj", "department_handler")
    volunteer = notify.token("nv-zjj-p1", "nv-zjj", "party_member")  # a unit that is no desk of theirs
    unit_rows = client.get("/api/v1/deliveries?case_id=c-unit", headers=staff).json["deliveries"]
    assert "nv-zjj" in {d["recipient"]["ref"] for d in unit_rows}
    assert client.get("/api/v1/deliveries?case_id=c-unit", headers=volunteer).json["count"] == 0
