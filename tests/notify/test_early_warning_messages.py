"""An early warning (未诉先办) reaches who must act, through the broker: the grid's community handlers in
their inbox, the street's supervisors in their inbox and by e-mail, with the figures and the tickets."""

from __future__ import annotations

from support.workers import wait_for


def test_a_warning_reaches_the_community_handlers_and_the_street_supervisors(notify):
    community = notify.envelope("warning.raised.v1", case_id=None, unit_id="nv-c1")
    street = notify.envelope("warning.raised.v1", case_id=None, unit_id="nv-s1")
    with notify.workers():
        notify.publish(community, street)
        wait_for(lambda: notify.settled(4), what="4 deliveries settled")
    told = {(r.recipient_ref, r.channel, r.status) for r in notify.deliveries()}
    assert told == {
        ("nv-c1-h1", "inapp", "sent"),
        ("nv-c1-h2", "inapp", "sent"),
        ("nv-s1-h1", "inapp", "sent"),
        ("nv-s1-h1", "email", "sent"),
    }
    inbox = notify.app().get("/api/v1/inbox", headers=notify.token("nv-c1-h1", "nv-c1", "community_handler")).json
    [message] = inbox["messages"]
    assert message["title"] == "未诉先办预警 幸福小区一网格 · 市政设施"
    assert "2026-11-30，幸福小区一网格的“市政设施”类诉求有9件，远高于近期日均0.8件" in message["body"]
    assert "XL-20261130-000012、XL-20261130-000015" in message["body"]
