"""Residents hear about their case, end to end through the broker, on the local gateway and SMTP server."""

from __future__ import annotations

import hashlib
import hmac
import logging

from support.workers import wait_for

from .conftest import EMAIL, PHONE, sealed


def test_receipt_reaches_the_reporter_by_signed_sms_and_email(notify):
    received = notify.envelope(
        "case.received.v1", ticket="NV-20261123-000001", contact_sealed=sealed(tracking_secret="Q7K2-9FXA")
    )
    with notify.workers():
        notify.publish(received)
        wait_for(lambda: notify.settled(2), what="SMS and e-mail sent")
    [sms] = notify.http.on("/sms")
    body = sms.json
    assert body["to"] == PHONE
    assert body["text"].startswith("【通知区民情】您的诉求已受理，编号NV-20261123-000001，查询码Q7K2-9FXA")
    assert "https://minqing.example.cn/track/NV-20261123-000001" in body["text"]
    expected = hmac.new(
        b"gw-secret", sms.headers["X-Minqing-Timestamp"].encode() + b"\n" + sms.raw, hashlib.sha256
    ).hexdigest()
    assert sms.headers["X-Minqing-Signature"] == expected
    [mail] = notify.smtp.messages
    assert mail["to"] == [EMAIL]
    assert mail["subject"] == "您的诉求已受理 NV-20261123-000001"
    assert "编号NV-20261123-000001" in mail["body"] and "查询码Q7K2-9FXA" in mail["body"]
    rows = {r.channel: r for r in notify.deliveries()}
    assert rows["sms"].address_masked == "138****5678" and rows["email"].address_masked == "r***@example.com"
    assert rows["sms"].segments == 2  # the receipt with its link is longer than 70 characters


def test_answer_follow_up_reopen_and_dispatch_reach_the_reporter(notify):
    """The steps' SMS go to a resident who asked for them (step_updates); the rating link to every resident."""
    notify.publish(notify.envelope("case.received.v1", contact_sealed=sealed(email=None), step_updates=True))
    later = [
        notify.envelope("case.dispatched.v1", unit_id="nv-c1", unit_name="一号社区"),
        notify.envelope(
            "case.resolved.v1",
            unit_id="nv-c1",
            unit_name="一号社区",
            outcome="explanation",
            reply="该路段改造已列入明年计划。",
        ),
        notify.envelope("evaluation.requested.v1", link_token="tok-123"),
        notify.envelope("case.reopened.v1", unit_id="nv-c1", unit_name="一号社区"),
    ]
    with notify.workers():
        wait_for(lambda: notify.settled(1, recipient_kind="resident"), what="receipt")
        for count, envelope in enumerate(later, start=2):  # one by one: a burst would be one message
            notify.publish(envelope)
            wait_for(lambda n=count: notify.settled(n, recipient_kind="resident"), what=f"SMS {count} to the reporter")
    texts = [r.json["text"] for r in notify.http.on("/sms") if r.json["to"] == PHONE]
    assert len(texts) == 5
    assert any("已派单，承办单位：一号社区，办理时限：2026-12-01 17:00" in t for t in texts)
    assert any("已作出解释说明，承办单位：一号社区。答复：该路段改造已列入明年计划。" in t for t in texts)
    assert any("https://minqing.example.cn/rate/tok-123" in t for t in texts)
    assert any("已重办，承办单位：一号社区" in t for t in texts)
    assert notify.smtp.messages == [] or all(m["to"] != [EMAIL] for m in notify.smtp.messages)


def test_merge_tells_both_reporters(notify):
    first = notify.envelope(
        "case.received.v1", case_id="c-42", ticket="NV-1", contact_sealed=sealed("13811110000", None)
    )
    second = notify.envelope(
        "case.received.v1", case_id="c-43", ticket="NV-2", contact_sealed=sealed("13822220000", None)
    )
    merged = notify.envelope("case.merged.v1", case_id="c-43", ticket="NV-2", into_case_id="c-42", into_ticket="NV-1")
    with notify.workers():
        notify.publish(first, second)
        wait_for(lambda: notify.settled(2), what="two receipts")
        notify.publish(merged)
        wait_for(lambda: notify.settled(2, source_event_id=merged.event_id), what="both reporters told")
    merge_texts = {r.json["to"]: r.json["text"] for r in notify.http.on("/sms") if "合并" in r.json["text"]}
    assert set(merge_texts) == {"13811110000", "13822220000"}
    assert all("请以NV-1查询进度" in t for t in merge_texts.values())


def test_anonymous_case_gets_no_personal_messages(notify):
    anonymous = notify.envelope("case.received.v1", case_id="c-anon", anonymous=True, contact_sealed=None)
    no_contact = notify.envelope("case.received.v1", case_id="c-none", contact_sealed=None)
    resolved = notify.envelope("case.resolved.v1", case_id="c-anon", unit_id="nv-c1")
    marker = notify.envelope("case.received.v1", case_id="c-marker", contact_sealed=sealed())
    with notify.workers():
        notify.publish(anonymous, no_contact, resolved, marker)
        wait_for(lambda: notify.settled(2, case_id="c-marker"), what="the marker case's receipt")
    assert notify.deliveries(case_id="c-anon") == [] and notify.deliveries(case_id="c-none") == []
    assert [r.json["to"] for r in notify.http.on("/sms")] == [PHONE]


def test_message_for_a_case_whose_receipt_comes_later_waits_for_it(notify):
    """The step SMS waits for the receipt too, which says whether the resident asked for it (sent to one who
    did, skipped for one who did not: never texted)."""
    for case_id in ("c-late", "c-late-silent"):
        notify.publish(notify.envelope("case.dispatched.v1", case_id=case_id, unit_id="nv-c1", unit_name="一号社区"))
    with notify.workers():
        wait_for(
            lambda: all(
                any(r.note and "waiting" in r.note for r in notify.deliveries(contact_case_id=c))
                for c in ("c-late", "c-late-silent")
            ),
            what="the dispatch messages waiting for the receipt",
        )
        for case_id, asked in (("c-late", True), ("c-late-silent", False)):
            notify.publish(
                notify.envelope(
                    "case.received.v1", case_id=case_id, contact_sealed=sealed(email=None), step_updates=asked
                )
            )
        for case_id in ("c-late", "c-late-silent"):
            wait_for(lambda c=case_id: notify.settled(3, contact_case_id=c), what="receipt and dispatch settled")
    statuses = {(r.template, r.channel): r.status for r in notify.deliveries(contact_case_id="c-late")}
    assert statuses == {
        ("case_step_update", "sms"): "sent",
        ("case_dispatched", "email"): "skipped",
        ("case_received", "sms"): "sent",
    }
    silent = {(r.template, r.channel): (r.status, r.note) for r in notify.deliveries(contact_case_id="c-late-silent")}
    assert silent[("case_step_update", "sms")][0] == "skipped" and "not asked" in silent[("case_step_update", "sms")][1]
    assert silent[("case_received", "sms")][0] == "sent"


def test_no_contact_data_in_any_log_line(notify, caplog):
    caplog.set_level(logging.DEBUG)
    failing = notify.envelope("case.received.v1", case_id="c-log", contact_sealed=sealed())
    notify.http.script("/sms", (400, {"message": f"invalid mobile number {PHONE}"}))
    with notify.workers():
        notify.publish(failing)
        wait_for(lambda: notify.settled(2, case_id="c-log"), what="both deliveries settled")
    row = {r.channel: r for r in notify.deliveries(case_id="c-log")}["sms"]
    assert row.status == "failed" and row.last_error == "gateway 400: invalid mobile number [phone]"
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # not the test's SMTP server
    assert any(r.name.startswith("minqing_notify") for r in ours), "notify logged nothing at all"
    text = "\n".join(f"{r.getMessage()} {getattr(r, 'fields', '')} {r.exc_text or ''}" for r in ours)
    assert PHONE not in text and EMAIL not in text and "138 1234 5678" not in text
