"""我的诉求: a sign-in code requested at intake reaches the phone by SMS through the broker, at once (quiet
hours do not hold it), and neither the phone nor the code is in the event; notify reports no such delivery."""

from __future__ import annotations

from datetime import UTC, datetime

from minqing_kit.sealing import seal_contact
from support.workers import wait_for

from .conftest import CONTACT_PUBLIC, PHONE


def test_the_code_goes_by_sms_to_the_sealed_phone_only(notify):
    sealed = seal_contact({"phone": PHONE, "sign_in_code": "604182"}, CONTACT_PUBLIC)
    requested = notify.envelope(
        "resident.sign_in_code_requested.v1", case_id=None, request_id="si-9", contact_sealed=sealed
    )
    assert PHONE not in requested.to_json() and "604182" not in requested.to_json()
    notify.clock.set(datetime(2026, 11, 23, 15, 30, tzinfo=UTC))  # 23:30 in the district: quiet hours for SMS
    with notify.workers():
        notify.publish(requested)
        wait_for(lambda: notify.settled(1), what="the code's SMS")
    [sms] = notify.http.on("/sms")
    assert sms.json["to"] == PHONE
    assert sms.json["text"].startswith("【通知区民情】您的登录验证码604182，5分钟内有效")
    [row] = notify.deliveries()
    assert (row.channel, row.recipient_ref, row.status) == ("sms", "sign_in", "sent")
    assert notify.outbox_events() == []  # a delivery nobody subscribes to is not reported: no event at all
