"""Duplicate clusters keep every resident's rights, through the real broker and PostgreSQL: two residents
report the same problem, routing merges the second into the first and resolves the first once; each
resident is told the outcome and gets their own rating link (evaluation's relay -> notify -> e-mail
spool), and the merged case's resident rates it through that link."""

from __future__ import annotations

from datetime import timedelta

from minqing_kit.sealing import seal_contact
from support.workers import running, wait_for

from .conftest import T0, event, unit
from .test_themes import received

ACTOR = {"kind": "person", "id": "tv-h1", "name": "李娜", "role": "community_handler", "unit_id": "tv-c1"}
REPLY = "垃圾已于今日清运完毕,并增加了清运频次。"


def _cluster_events(public_key: str) -> list:
    """What intake and routing publish for a cluster of two: c-first handled, c-second merged into it."""
    first, second = received("c-first", T0), received("c-second", T0 + timedelta(hours=2))
    for envelope, address in ((first, "first@example.com"), (second, "second@example.com")):
        envelope.payload["contact_sealed"] = seal_contact({"name": "居民", "phone": None, "email": address}, public_key)
    second.payload.update(duplicate_of_case_id="c-first", duplicate_of_ticket="TV-c-first")
    at = T0 + timedelta(hours=3)
    merged = event("case.merged.v1", "c-second", at, into_case_id="c-first", into_ticket="TV-c-first", actor=ACTOR)
    answer = {**unit("tv-c1"), "outcome": "reply", "reply": REPLY, "actor": ACTOR}
    resolved = event("case.resolved.v1", "c-first", at + timedelta(hours=1), ticket="TV-c-first", **answer)
    clustered = event(
        "case.cluster_answered.v1",
        "c-second",
        at + timedelta(hours=1),
        ticket="TV-c-second",
        cluster_case_id="c-first",
        cluster_ticket="TV-c-first",
        **answer,
    )
    return [first, second, merged, resolved, clustered]


def _rating_mails(mails: list[dict]) -> list[dict]:
    return [m for m in mails if m["title"].startswith("请评价")]


def test_every_resident_of_a_cluster_is_told_the_outcome_and_rates_it(notify_bus):
    service = notify_bus.service
    notify_bus.publish(*_cluster_events(notify_bus.public_key))
    with running(*notify_bus.workers()):
        rating_mails = wait_for(
            lambda: (found := _rating_mails(notify_bus.mails())) and len(found) >= 2 and found,
            timeout=60,
            what="a rating link e-mailed to each resident of the cluster",
        )
        told = wait_for(
            lambda: [m for m in notify_bus.mails() if "同一问题" in m["body"] and "TV-c-second" in m["title"]],
            timeout=30,
            what="the merged case's resident told the outcome",
        )
    assert {m["title"] for m in rating_mails} == {"请评价诉求办理结果 TV-c-first", "请评价诉求办理结果 TV-c-second"}
    assert REPLY in told[0]["body"] and "TV-c-first" in told[0]["body"]
    assert len({m["to"] for m in rating_mails}) == 2  # two residents, each on their own address
    rated = service.answer("c-second", True, "satisfied")
    assert rated.status_code == 201, rated.json
    assert [e["case_id"] for e in service.emitted("case.rated.v1")] == ["c-second"]
    assert service.emitted("case.rated.v1")[0]["payload"]["unit_id"] == "tv-c1"
