"""Early warnings and bulletins reach a community's and a street's office by e-mail, through the broker and a
real SMTP server: the address is the community's or street's ``contact`` in the district file, looked up as a
department's is, when the delivery is planned and again when it is sent."""

from __future__ import annotations

from support.workers import wait_for

COMMUNITY_OFFICE, STREET_OFFICE = "c1-office@example.org", "street-office@example.org"  # district.yaml.tpl


def test_a_communitys_warning_and_a_streets_weekly_bulletin_arrive_by_mail(notify):
    warning = notify.envelope("warning.raised.v1", case_id=None, unit_id="nv-c1")
    bulletin = notify.envelope(
        "bulletin.issued.v1", case_id=None, unit_id="nv-s1", unit_name="通知街道", level="street", rank=1, peers=3
    )
    with notify.workers():
        notify.publish(warning, bulletin)
        mails = wait_for(lambda: len(notify.smtp.messages) >= 2 and notify.smtp.messages, what="two e-mails")
        wait_for(lambda: notify.settled(2, recipient_kind="unit"), what="the offices' deliveries settled")
    assert {(m["to"][0], m["subject"]) for m in mails} == {
        (COMMUNITY_OFFICE, "未诉先办预警 幸福小区一网格 · 市政设施"),
        (STREET_OFFICE, "每周通报 通知街道 2026-11-23至2026-11-29"),
    }
    by_office = {m["to"][0]: m["body"] for m in mails}
    assert "幸福小区一网格的“市政设施”类诉求有9件" in by_office[COMMUNITY_OFFICE]
    assert "XL-20261130-000012、XL-20261130-000015" in by_office[COMMUNITY_OFFICE]
    assert "派单40件，回访答复30件" in by_office[STREET_OFFICE] and "在3个同级单位中排第1名" in by_office[STREET_OFFICE]
    offices = {(r.recipient_ref, r.channel, r.status) for r in notify.deliveries(recipient_kind="unit")}
    assert offices == {("nv-c1", "email", "sent"), ("nv-s1", "email", "sent")}
