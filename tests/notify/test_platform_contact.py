"""Contacting the resident through the platform (issue 19 item 7): a handler's text reaches the reporter
by SMS, the number looked up from the sealed contact by notify alone and never written to a log line;
a call-back request reaches the hotline's operators in their in-app notices, its outcome the unit."""

from __future__ import annotations

import logging

from support.workers import wait_for

from .conftest import PHONE, sealed


def test_a_handler_s_text_reaches_the_reporter_by_sms_and_no_log_line_holds_the_number(notify, caplog):
    caplog.set_level(logging.DEBUG)
    received = notify.envelope("case.received.v1", ticket="NV-7", contact_sealed=sealed(email=None))
    text = "您好,我们明天上午上门查看您反映的垃圾堆放问题。"
    messaged = notify.envelope(
        "case.resident_messaged.v1", ticket="NV-7", unit_id="nv-c1", unit_name="一号社区", text=text
    )
    with notify.workers():
        notify.publish(received)
        wait_for(lambda: notify.settled(1, recipient_kind="resident"), what="the receipt")
        notify.publish(messaged)
        wait_for(lambda: notify.settled(1, source_event_id=messaged.event_id), what="the handler's text sent")
    [row] = notify.deliveries(source_event_id=messaged.event_id)
    assert (row.channel, row.status, row.recipient_ref, row.address_masked) == (
        "sms",
        "sent",
        "reporter",
        "138****5678",
    )
    [sms] = [r.json for r in notify.http.on("/sms") if text in r.json["text"]]
    assert sms["to"] == PHONE and sms["text"] == f"【通知区民情】您的诉求NV-7，一号社区：{text}"
    lines = [r.getMessage() + repr(getattr(r, "fields", "")) for r in caplog.records]
    assert lines and not [line for line in lines if PHONE in line]  # masked by nobody: never written


def test_a_call_back_request_reaches_the_hotline_and_its_outcome_the_unit(notify):
    asked = notify.envelope(
        "case.callback_requested.v1", unit_id="nv-c1", unit_name="一号社区", question="垃圾在几号楼?"
    )
    answered = notify.envelope(
        "case.callback_answered.v1", unit_id="nv-c1", unit_name="一号社区", reached=False, outcome="两次未接通"
    )
    with notify.workers():
        notify.publish(asked, answered)
        wait_for(lambda: notify.settled(3), what="the hotline's and the unit's notices")
    to_hotline = notify.deliveries(source_event_id=asked.event_id)
    assert [(r.recipient_ref, r.channel) for r in to_hotline] == [("nv-op-1", "inapp")]
    assert "请在2026-11-23 20:00前回拨" in to_hotline[0].body and "垃圾在几号楼?" in to_hotline[0].body
    to_unit = notify.deliveries(source_event_id=answered.event_id)
    assert {(r.recipient_ref, r.channel) for r in to_unit} == {("nv-c1-h1", "inapp"), ("nv-c1-h2", "inapp")}
    assert all("未联系上：两次未接通" in r.body for r in to_unit)
