"""An early warning (未诉先办) reaches who must act, through the broker: the grid's community handlers in
their inbox, the street's supervisors in their inbox and by e-mail, the community's and the street's offices
by e-mail (test_org_office_mail reads those), with the figures and the tickets; one raised while its day
runs says so, and as of when."""

from __future__ import annotations

from minqing_contracts.events.evaluation import WarningRaised
from minqing_notify.domain.context import public_context
from minqing_notify.rendering import Templates
from support.workers import wait_for


def test_a_warning_reaches_the_community_handlers_and_the_street_supervisors(notify):
    community = notify.envelope("warning.raised.v1", case_id=None, unit_id="nv-c1")
    street = notify.envelope("warning.raised.v1", case_id=None, unit_id="nv-s1")
    with notify.workers():
        notify.publish(community, street)
        wait_for(lambda: notify.settled(6), what="6 deliveries settled")
    told = {(r.recipient_ref, r.channel, r.status) for r in notify.deliveries()}
    assert told == {
        ("nv-c1-h1", "inapp", "sent"),
        ("nv-c1-h2", "inapp", "sent"),
        ("nv-s1-h1", "inapp", "sent"),
        ("nv-s1-h1", "email", "sent"),
        ("nv-c1", "email", "sent"),
        ("nv-s1", "email", "sent"),
    }
    inbox = notify.app().get("/api/v1/inbox", headers=notify.token("nv-c1-h1", "nv-c1", "community_handler")).json
    [message] = inbox["messages"]
    assert message["title"] == "未诉先办预警 幸福小区一网格 · 市政设施"
    assert "2026-11-30，幸福小区一网格的“市政设施”类诉求有9件，远高于近期日均0.8件" in message["body"]
    assert "XL-20261130-000012、XL-20261130-000015" in message["body"]


def test_a_warning_raised_while_its_day_runs_says_the_count_is_so_far_and_as_of_when():
    def body(**changes) -> str:
        payload = WarningRaised.model_validate({**WarningRaised.EXAMPLE, **changes})
        context = public_context(payload, district_name="新林区", tz="Asia/Shanghai", links={})
        return Templates().render("xinlin", "early_warning", {**context, "category_name": "市政设施"}).body

    assert "2026-11-30，幸福小区一网格的“市政设施”类诉求有9件" in body()
    so_far = body(as_of="2026-11-30T02:40:00Z")
    assert "2026-11-30（当日尚未结束，截至2026-11-30 10:40），幸福小区一网格的“市政设施”类诉求已有9件" in so_far
