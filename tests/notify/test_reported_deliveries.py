"""Notify reports only the deliveries a subscriber acts on (``REPORTED_DELIVERIES``: the rating link's to
the resident, which evaluation keeps): a case's receipt, its dispatch to two handlers and its rating
link put the rating link's reports alone on the broker, so evaluation's queue gets nothing it discards."""

from __future__ import annotations

from support.workers import wait_for

from .conftest import EMAIL, PHONE, sealed


def test_of_a_case_only_the_rating_links_deliveries_are_reported(notify, notification_events):
    notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed(), step_updates=True))
    later = [
        notify.envelope("case.dispatched.v1", unit_id="nv-c1", unit_name="一号社区"),
        notify.envelope("evaluation.requested.v1", link_token="tok-9"),
    ]
    with notify.workers():
        wait_for(lambda: notify.settled(2, recipient_kind="resident"), what="the receipt's SMS and e-mail")
        notify.publish(*later)
        wait_for(lambda: notify.settled(6, recipient_kind="resident"), what="dispatch and rating link to the reporter")
        wait_for(lambda: notify.settled(4, recipient_kind="handler"), what="the handlers' in-app messages and SMS")
        wait_for(lambda: len(notification_events()) == 2, what="the rating link's two reports")
    assert len(notify.deliveries()) == 10  # 6 to the reporter (SMS and e-mail each), 2 in-app and 2 SMS to handlers
    reports = notify.outbox_events()
    assert sorted(e["event_id"] for e in reports) == sorted(e["event_id"] for e in notification_events())
    assert {(e["type"], e["payload"]["source_event_type"], e["payload"]["channel"]) for e in reports} == {
        ("notification.sent.v1", "evaluation.requested.v1", "sms"),
        ("notification.sent.v1", "evaluation.requested.v1", "email"),
    }
    assert {(e["case_id"], e["payload"]["recipient_ref"]) for e in reports} == {("c-1", "reporter")}
    assert PHONE not in str(reports) and EMAIL not in str(reports)


def test_a_rating_link_that_failed_is_reported_with_the_providers_reason(notify, notification_events):
    notify.http.defaults["/sms"] = (400, {"message": "sign name not approved"})
    with notify.workers():
        notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed(email=None)))
        wait_for(lambda: notify.settled(1), what="the receipt's SMS settled")
        notify.publish(notify.envelope("evaluation.requested.v1", link_token="tok-9"))
        wait_for(lambda: notify.settled(2, channel="sms"), what="the rating link's SMS settled")
        wait_for(lambda: len(notification_events()) == 1, what="its failed report")
    [event] = notification_events()
    assert event["type"] == "notification.failed.v1"
    assert event["payload"]["source_event_type"] == "evaluation.requested.v1"
    assert event["payload"]["reason"] == "gateway 400: sign name not approved" and event["payload"]["attempts"] == 1
    assert len(notify.outbox_events()) == 1  # the receipt's failure is in the delivery log only
