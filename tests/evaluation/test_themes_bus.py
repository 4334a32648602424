"""Through the real broker and PostgreSQL: a new request matching an open theme (每月一题) is attached to
it by evaluation's consumer, and notify, hearing ``theme.case_linked.v1`` from evaluation's relay,
answers the request's resident with the theme's progress on their own channel."""

from __future__ import annotations

import json
from datetime import timedelta

from minqing_evaluation.definition import DEFINITION
from minqing_kit.publisher import ConfirmingPublisher, Outgoing
from minqing_kit.sealing import generate_contact_keypair, seal_contact
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_notify.bootstrap import bootstrap as notify_bootstrap
from minqing_notify.definition import DEFINITION as NOTIFY
from minqing_notify.delivery import DeliveryWorker
from support.workers import running, wait_for

from .conftest import DISTRICTS, T0
from .test_themes import linked, open_theme, received


def test_a_matching_request_is_linked_and_its_resident_hears_the_themes_progress(
    service, make_settings, broker_url, tmp_path
):
    private, public = generate_contact_keypair()
    notify_settings = make_settings(
        NOTIFY, DISTRICTS_DIR=str(DISTRICTS), CONTACT_PRIVATE_KEY=private, SPOOL_DIR=str(tmp_path)
    )
    notify = notify_bootstrap(notify_settings)
    try:
        declare(NOTIFY, notify_settings, notify)
        declare(DEFINITION, service.runtime.settings, service.runtime)
        theme = open_theme(service)
        service.client.post(
            f"/api/v1/themes/{theme['id']}/measures",
            json={"kind": "policy", "text": "垃圾清运改为每日两次"},
            headers=service.bearer("supervisor"),
        )
        contact = seal_contact({"name": "王女士", "phone": None, "email": "wang@example.com"}, public)
        request = received("c-bus-1", T0 + timedelta(hours=1)).model_copy()
        request.payload["contact_sealed"] = contact
        publisher = ConfirmingPublisher(broker_url, 10)
        outcome = publisher.publish_batch(
            [Outgoing(0, request.event_id, request.type, request.routing_key, request.to_json())]
        )
        publisher.close()
        assert not outcome.failed
        workers = [
            build_consumer(DEFINITION, service.runtime.settings, service.runtime),
            build_relay(DEFINITION, service.runtime.settings, service.runtime.db),
            build_consumer(NOTIFY, notify_settings, notify),
            DeliveryWorker(notify),
        ]
        spool = tmp_path / "email.jsonl"
        with running(*workers):
            wait_for(lambda: linked(service, theme["id"]) == {"c-bus-1"}, timeout=30, what="the case linked")
            lines = wait_for(
                lambda: [
                    line
                    for line in (spool.read_text(encoding="utf-8").splitlines() if spool.exists() else [])
                    if "每月一题" in json.loads(line)["title"]
                ],
                timeout=60,
                what="the theme's reply e-mailed to the resident",
            )
        reply = json.loads(lines[0])
        assert reply["to"] != "wang@example.com" and reply["to"].endswith("@example.com")  # masked in the spool
        assert "TV-c-bus-1" in reply["title"]
        assert "一号社区垃圾清运不及时" in reply["body"] and "由城管局牵头" in reply["body"]
        assert "已完成任务0项(共2项);已出台措施:垃圾清运改为每日两次" in reply["body"]
    finally:
        notify.db.dispose()
