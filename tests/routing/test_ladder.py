"""The whole ladder on the real broker: dispatched to a community, deadlines pass (the scheduler's
clock is moved forward instead of waiting minutes), supervised, escalated to the street, then the
district, then resolved there. Every event is checked against its committed schema on capture."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from minqing_routing.adapters.tables import timers

from .harness import received


def sweep_until_quiet(scheduler, at: datetime) -> None:
    while scheduler.sweep_once(now=at):
        pass


def test_community_to_street_to_district_then_resolved(routing):
    case = received("HT-LADDER-1", address="山城区幸福路1号楼")
    routing.publish(case)
    [dispatched] = routing.capture.wait(case.case_id, "case.dispatched.v1")
    assert (dispatched["payload"]["unit_id"], dispatched["payload"]["level"]) == ("ht-c1", "community")
    assert dispatched["payload"]["reason"] == "lowest_level"
    assert dispatched["correlation_id"] == case.correlation_id and dispatched["causation_id"] == case.event_id
    start = datetime.fromisoformat(dispatched["payload"]["response_deadline"]) - timedelta(minutes=2)

    scheduler = routing.scheduler()
    sweep_until_quiet(scheduler, start + timedelta(minutes=3))  # response reminder, supervision, resolution reminder
    [supervised] = routing.capture.wait(case.case_id, "case.supervised.v1")
    assert (supervised["payload"]["unit_id"], supervised["payload"]["supervisor_unit_id"]) == ("ht-c1", "ht-s1")
    assert supervised["payload"]["deadline_kind"] == "response"
    reminders = routing.capture.wait(case.case_id, "deadline.approaching.v1", 2)
    assert [r["payload"]["deadline_kind"] for r in reminders] == ["response", "resolution"]

    at_street = start + timedelta(minutes=5)
    sweep_until_quiet(scheduler, at_street)  # response deadline + 2m: up to the street
    [up] = routing.capture.wait(case.case_id, "case.escalated.v1")
    assert (up["payload"]["from_unit"]["unit_id"], up["payload"]["unit_id"], up["payload"]["level"]) == (
        "ht-c1",
        "ht-s1",
        "street",
    )
    assert up["payload"]["automatic"] is True
    assert datetime.fromisoformat(up["payload"]["response_deadline"]) == at_street + timedelta(minutes=3)

    sweep_until_quiet(scheduler, at_street + timedelta(minutes=7))  # street response 3m + 3m grace
    escalations = routing.capture.wait(case.case_id, "case.escalated.v1", 2)
    assert (escalations[1]["payload"]["unit_id"], escalations[1]["payload"]["level"]) == ("hilltown", "district")
    street_notices = [
        s for s in routing.capture.of(case.case_id, "case.supervised.v1") if s["payload"]["unit_id"] == "ht-s1"
    ]
    assert street_notices and street_notices[0]["payload"]["supervisor_unit_id"] == "hilltown"

    assert routing.api.post("ht-dp", f"/api/v1/cases/{case.case_id}/accept").status_code == 200
    answer = routing.api.post(
        "ht-dp", f"/api/v1/cases/{case.case_id}/resolve", {"outcome": "reply", "reply": "已协调城管清运完毕。"}
    )
    assert answer.status_code == 200, answer.get_json()
    [resolved] = routing.capture.wait(case.case_id, "case.resolved.v1")
    assert (resolved["payload"]["unit_id"], resolved["payload"]["outcome"], resolved["payload"]["on_time"]) == (
        "hilltown",
        "reply",
        True,
    )

    detail = routing.api.get("ht-dp", f"/api/v1/cases/{case.case_id}").get_json()
    trail = [(h["action"], h["from_state"], h["to_state"], h["unit_id"]) for h in detail["history"]]
    assert trail[0] == ("dispatch", "new", "dispatched", "ht-c1")
    assert ("escalate", "dispatched", "dispatched", "ht-s1") in trail
    assert ("escalate", "dispatched", "dispatched", "hilltown") in trail
    assert trail[-2:] == [
        ("accept", "dispatched", "accepted", "hilltown"),
        ("resolve", "accepted", "resolved", "hilltown"),
    ]
    assert detail["history"][-1]["actor"]["id"] == "ht-dp"
    # every timer left for this case belongs to an earlier stage or a resolved case: a later sweep does nothing
    fired = scheduler.counts["fired"]
    sweep_until_quiet(scheduler, at_street + timedelta(hours=1))
    assert scheduler.counts["fired"] == fired and scheduler.counts["stale"] + scheduler.counts["moot"] > 0


def test_unlocated_case_lands_in_triage_and_the_dispatcher_sends_it_on(routing):
    case = received("HT-TRIAGE-1", address="不知道在哪里")
    routing.publish(case)
    [dispatched] = routing.capture.wait(case.case_id, "case.dispatched.v1")
    assert (dispatched["payload"]["unit_id"], dispatched["payload"]["level"]) == ("hilltown-triage", "triage")
    inbox = routing.api.get("ht-dp", "/api/v1/inbox?state=dispatched").get_json()
    assert case.case_id in [c["case_id"] for c in inbox["cases"]]
    moved = routing.api.post("ht-dp", f"/api/v1/cases/{case.case_id}/dispatch", {"unit_id": "ht-c3"})
    assert moved.status_code == 200, moved.get_json()
    second = routing.capture.wait(case.case_id, "case.dispatched.v1", 2)[1]
    assert (second["payload"]["unit_id"], second["payload"]["reason"]) == ("ht-c3", "manual")


def test_deadline_in_2027_does_not_crash_and_shows_on_readyz(routing):
    from minqing_routing.web import create_app

    district = routing.runtime.districts["hilltown"]
    district.calendar.deadline(datetime(2027, 3, 1, tzinfo=UTC), "5wd")
    app = create_app(routing.runtime.settings, routing.runtime)
    body = app.test_client().get("/readyz").get_json()
    assert any("2027" in warning for warning in body["warnings"])


def test_an_idle_scheduler_sleeps_until_the_next_timer_is_due_at_most_its_idle_seconds(routing):
    case = received("HT-LADDER-IDLE", address="山城区幸福路1号楼")
    scheduler = routing.scheduler(idle_seconds=30)
    assert scheduler.seconds_to_next_due() == 30  # no open timer
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    with routing.runtime.db.engine.connect() as connection:
        first = connection.execute(select(func.min(timers.c.due_at)).where(timers.c.case_id == case.case_id)).scalar()
    for before, expected in ((timedelta(seconds=12), 12), (timedelta(minutes=5), 30), (-timedelta(minutes=1), 1.0)):
        scheduler.clock = lambda before=before: first - before
        assert abs(scheduler.seconds_to_next_due() - expected) < 0.01, before
