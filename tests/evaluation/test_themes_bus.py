"""Through the real broker and PostgreSQL: a new request matching an open theme (每月一题) is attached to
it by evaluation's consumer, and notify, hearing ``theme.case_linked.v1`` from evaluation's relay,
answers the request's resident with the theme's progress on their own channel."""

from __future__ import annotations

from datetime import timedelta

from minqing_kit.sealing import seal_contact
from support.workers import running, wait_for

from .conftest import T0
from .test_themes import linked, open_theme, received


def test_a_matching_request_is_linked_and_its_resident_hears_the_themes_progress(notify_bus):
    service = notify_bus.service
    theme = open_theme(service)
    service.client.post(
        f"/api/v1/themes/{theme['id']}/measures",
        json={"kind": "policy", "text": "垃圾清运改为每日两次"},
        headers=service.bearer("supervisor"),
    )
    contact = seal_contact({"name": "王女士", "phone": None, "email": "wang@example.com"}, notify_bus.public_key)
    request = received("c-bus-1", T0 + timedelta(hours=1)).model_copy()
    request.payload["contact_sealed"] = contact
    notify_bus.publish(request)
    with running(*notify_bus.workers()):
        wait_for(lambda: linked(service, theme["id"]) == {"c-bus-1"}, timeout=30, what="the case linked")
        mails = wait_for(
            lambda: [m for m in notify_bus.mails() if "每月一题" in m["title"]],
            timeout=60,
            what="the theme's reply e-mailed to the resident",
        )
    reply = mails[0]
    assert reply["to"] != "wang@example.com" and reply["to"].endswith("@example.com")  # masked in the spool
    assert "TV-c-bus-1" in reply["title"]
    assert "一号社区垃圾清运不及时" in reply["body"] and "由城管局牵头" in reply["body"]
    assert "已完成任务0项(共2项);已出台措施:垃圾清运改为每日两次" in reply["body"]
