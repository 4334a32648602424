"""Through the real broker and PostgreSQL: a case filed with 办理有进展时短信通知我 gets an SMS in notify's spool
on its dispatch and on its reply, one filed without gets none of them (its receipt only); turned off on the
tracking page (intake's use case, its event through the broker), the next step is not texted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from minqing_intake.adapters.tables import step_update_changes
from minqing_intake.definition import DEFINITION as INTAKE
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_notify.adapters.tables import case_contacts, deliveries
from minqing_notify.bootstrap import bootstrap as notify_bootstrap
from minqing_notify.definition import DEFINITION as NOTIFY
from minqing_notify.delivery import DeliveryWorker
from support.workers import running, wait_for

from .helpers import DEMO_DISTRICTS, PHONE, request_body
from .test_tracking_bus import publish, routing_event


def daytime_in_shanghai():
    """Real time moved to 10:00 in Shanghai today: time still flows."""
    now = datetime.now(UTC)
    offset = datetime(now.year, now.month, now.day, 2, 0, tzinfo=UTC) - now
    return lambda: datetime.now(UTC) + offset


def texts(spool: Path, ticket: str) -> list[str]:
    if not spool.exists():
        return []
    lines = [json.loads(line) for line in spool.read_text(encoding="utf-8").splitlines()]
    return [line["body"] for line in lines if ticket in line["body"]]


def settled(notify, case_id: str, count: int):
    with notify.db.engine.connect() as connection:
        rows = connection.execute(select(deliveries).where(deliveries.c.contact_case_id == case_id)).all()
    done = len(rows) >= count and all(r.status in ("sent", "skipped", "failed") for r in rows)
    return rows if done else None


def opted_in(notify, case_id: str) -> bool | None:
    with notify.db.engine.connect() as connection:
        row = connection.execute(select(case_contacts).where(case_contacts.c.case_id == case_id)).first()
    return None if row is None else row.step_updates


def test_step_sms_only_to_the_resident_who_asked_and_until_they_stop(
    client, runtime, keys, make_settings, tmp_path, broker_url
):
    notify = notify_bootstrap(
        make_settings(
            NOTIFY,
            DISTRICTS_DIR=DEMO_DISTRICTS,
            TOKEN_PUBLIC_KEYS=keys["token_keys"],
            CONTACT_PRIVATE_KEY=keys["notify_private"],
            SPOOL_DIR=str(tmp_path / "spool"),
            PUBLIC_BASE_URL="https://minqing.example.cn",
            STEP_SMS_BURST_SECONDS="0",
        ),
        clock=daytime_in_shanghai(),  # not in the residents' quiet hours (22:00-08:00), whenever the test runs
    )
    spool = tmp_path / "spool" / "sms.jsonl"
    try:
        for definition, rt in ((INTAKE, runtime), (NOTIFY, notify)):
            declare(definition, rt.settings, rt)
        asked = client.post("/api/v1/cases", json=request_body(step_updates=True)).get_json()
        silent = client.post("/api/v1/cases", json=request_body(location={"address": "新林镇幸福小区5号楼"})).get_json()
        workers = [build_relay(INTAKE, runtime.settings, runtime.db), build_consumer(NOTIFY, notify.settings, notify)]
        workers.append(build_relay(NOTIFY, notify.settings, notify.db))
        workers.append(DeliveryWorker(notify))
        with running(*workers):
            wait_for(lambda: opted_in(notify, asked["case_id"]) and opted_in(notify, silent["case_id"]) is False)
            for receipt in (asked, silent):
                publish(
                    broker_url,
                    routing_event("case.dispatched.v1", receipt["case_id"], 1, ticket=receipt["ticket"]),
                )
            wait_for(lambda: len(texts(spool, asked["ticket"])) == 2, what="the receipt and the dispatch SMS")
            for receipt in (asked, silent):
                publish(
                    broker_url,
                    routing_event(
                        "case.resolved.v1", receipt["case_id"], 60, ticket=receipt["ticket"], reply="垃圾已清运。"
                    ),
                )
            wait_for(lambda: len(texts(spool, asked["ticket"])) == 3, what="the reply's SMS")
            wait_for(lambda: settled(notify, silent["case_id"], 1), what="the silent case's receipt settled")
            off = client.put(
                f"/api/v1/cases/{asked['ticket']}/step-updates",
                json={"enabled": False},
                headers={"X-Tracking-Secret": asked["tracking_secret"]},
            )
            assert off.status_code == 200 and off.get_json() == {"ticket": asked["ticket"], "step_updates": False}
            wait_for(lambda: opted_in(notify, asked["case_id"]) is False, what="notify heard the resident stop")
            publish(
                broker_url,
                routing_event("case.reopened.v1", asked["case_id"], 120, ticket=asked["ticket"]),
            )
            wait_for(lambda: settled(notify, asked["case_id"], 3), what="the reopening handled")
        asked_texts, silent_texts = texts(spool, asked["ticket"]), texts(spool, silent["ticket"])
        assert "已受理" in asked_texts[0] and "已派单" in asked_texts[1] and "退订" in asked_texts[1]
        assert "已答复" in asked_texts[2] and "垃圾已清运。" in asked_texts[2]
        assert f"https://minqing.example.cn/track/{asked['ticket']}" in asked_texts[2]
        assert len(asked_texts) == 3  # nothing after 退订: the reopening is not texted
        assert len(silent_texts) == 1 and "已受理" in silent_texts[0]  # the receipt only, no step SMS
        with notify.db.engine.connect() as connection:
            planned = connection.execute(select(deliveries.c.contact_case_id, deliveries.c.recipient_ref)).all()
        assert (silent["case_id"], "step_updates") not in planned
        assert PHONE not in spool.read_text(encoding="utf-8")
        with runtime.db.engine.connect() as connection:
            audit = connection.execute(select(step_update_changes)).all()
        assert [(a.enabled, a.how) for a in audit] == [(False, "tracking")]
    finally:
        notify.db.dispose()
