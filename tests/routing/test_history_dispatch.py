"""The history model of dispatch on PostgreSQL: trained from routing's own tables, stored per district and
version, retrained on the district's interval, and used by the consumer's handler for a new case only
when its held-out rate beat the rules'; otherwise the rules dispatch and the suggestion is kept for the
dispatcher. No broker: the consumer's broker-free core (``EventHandling``) runs the handler."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from minqing_kit.handling import EventHandling
from minqing_routing import history_dispatch
from minqing_routing.adapters.model_tables import dispatch_models
from minqing_routing.adapters.tables import bus, cases, history
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION, train_dispatch
from minqing_routing.history_schedule import RetrainSchedule, TrainingWatch
from minqing_routing.scheduler import DeadlineScheduler
from minqing_routing.subscriptions import subscriptions
from minqing_routing.web import create_app
from support.workers import running, wait_for

from .harness import ENV, Api, received
from .history_seeding import HILLTOWN_KINDS, Kind, seed_closed
from .seeding import seed_due_cases
from .test_workbench_pages import Workbench, text_of

# the same requests, but the rules were always right: the model cannot beat them
RULES_RIGHT = tuple(Kind(k.texts, k.category, k.final_unit, k.final_unit) for k in HILLTOWN_KINDS)


@pytest.fixture
def runtime(make_database):
    environment = {**ENV, "DATABASE_URL": make_database(DEFINITION), "MINQING_ENV": "development"}
    runtime = bootstrap(DEFINITION.settings(environment))
    yield runtime
    runtime.db.dispose()


def arrive(runtime, text: str, category: str = "municipal"):
    """A new case through the consumer's handler; its row and its dispatch step."""
    envelope = received(f"HT-{abs(hash(text)) % 10**8:08d}", category=category, grid="HT-C1-G01")
    envelope.payload["content"] = text
    handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
    handling.handle(envelope, handling.decode(envelope.to_json())[1])
    with runtime.db.transaction() as session:
        case = session.execute(select(cases).where(cases.c.id == envelope.case_id)).one()
        step = session.execute(select(history).where(history.c.case_id == envelope.case_id)).first()
    return case, step, history_dispatch.suggestion_for(runtime, envelope.case_id)


def test_a_case_is_dispatched_by_the_model_only_when_it_beat_the_rules(runtime):
    seed_closed(runtime.db, 240)  # the rules send street lights and heating to the community, wrongly
    trained = history_dispatch.train(runtime, "hilltown")
    assert trained.version == 1 and trained.samples == 240
    assert trained.evaluation.model_right == trained.evaluation.held_out == 48
    assert trained.evaluation.rules_right == 16

    case, step, suggestion = arrive(runtime, "我家楼前的路灯又坏了,晚上很黑")
    assert case.unit_id == "ht-cgj"  # the rules would have sent it to ht-c1
    assert step.reason.startswith("history_model: confidence ") and step.reason.endswith(", model v1")
    assert suggestion["used"] and suggestion["unit_id"] == "ht-cgj" and suggestion["rules_unit_id"] == "ht-c1"
    assert suggestion["confidence"] >= 0.8

    case, step, suggestion = arrive(runtime, "这里有人乱停车")  # no word it knows: unsure, the rules decide
    assert case.unit_id == "ht-c1" and step.reason == "lowest_level"
    assert not suggestion["used"] and suggestion["confidence"] < 0.8


def test_a_model_no_better_than_the_rules_only_suggests(runtime):
    seed_closed(runtime.db, 240, RULES_RIGHT)
    trained = history_dispatch.train(runtime, "hilltown")
    assert trained.evaluation.model_rate == trained.evaluation.rules_rate == 1.0

    case, step, suggestion = arrive(runtime, "暖气不热家里很冷")
    assert case.unit_id == "ht-c1" and step.reason == "lowest_level"
    assert suggestion["unit_id"] == "ht-rl" and not suggestion["used"]  # shown to the dispatcher, not used
    report = create_app(runtime.settings, runtime).test_client().get("/api/v1/districts/hilltown/dispatch-model")
    assert report.status_code == 200
    assert report.json["dispatches"] is False
    assert report.json["model"]["held_out"] == 48 and report.json["model"]["rules_right"] == 48


def test_a_district_without_enough_history_keeps_the_rules(runtime, capsys):
    seed_closed(runtime.db, 150)
    assert train_dispatch(runtime.settings, type("Args", (), {"district": "hilltown"})()) == 0
    assert "150 closed cases, fewer than 200: the rules only" in capsys.readouterr().out
    with runtime.db.transaction() as session:
        assert session.execute(select(dispatch_models)).first() is None
    case, step, suggestion = arrive(runtime, "我家楼前的路灯又坏了")
    assert case.unit_id == "ht-c1" and step.reason == "lowest_level" and suggestion is None
    client = create_app(runtime.settings, runtime).test_client()
    shown = client.get("/api/v1/districts/hilltown/dispatch-model").json
    assert shown["model"] is None
    assert (shown["live"]["dispatched"], shown["live"]["live_rate"]) == (0, None)
    assert client.get("/api/v1/districts/nowhere/dispatch-model").status_code == 404


def test_the_training_schedule_retrains_on_the_districts_interval(runtime, capsys):
    seed_closed(runtime.db, 210)
    schedule, now = RetrainSchedule(runtime), runtime.now()
    trained = schedule.run_due(now)
    assert [(t.district, t.version) for t in trained if t.version] == [("hilltown", 1)]
    assert schedule.run_due(now + timedelta(hours=1)) == []  # the next look is a minute later at the soonest
    assert [t for t in schedule.run_due(now + timedelta(hours=2)) if t.version] == []  # not due for 24 h
    seed_closed(runtime.db, 30)
    again = schedule.run_due(now + timedelta(hours=25))
    assert [(t.district, t.version, t.samples) for t in again if t.version] == [("hilltown", 2, 240)]

    due = type("Args", (), {"district": None, "due": True, "watch": False})()
    assert train_dispatch(runtime.settings, due) == 0  # the CronJob's run: hilltown trained within 24 h
    printed = capsys.readouterr().out  # riverside has no model: it is looked at on every run (cheap, < 200)
    assert "due: riverside\n" in printed and "riverside: 0 closed cases, fewer than 200" in printed
    assert "hilltown" not in printed
    with runtime.db.transaction() as session:
        session.execute(dispatch_models.update().values(trained_at=now - timedelta(hours=25)))
    assert train_dispatch(runtime.settings, due) == 0
    printed = capsys.readouterr().out
    assert "due: hilltown, riverside" in printed and "hilltown: model v3 on 240 closed cases" in printed


def test_a_due_timer_fires_while_a_training_runs_and_the_scheduler_never_trains(runtime, monkeypatch):
    seed_closed(runtime.db, 210)  # hilltown is due for its first training
    [case_id] = seed_due_cases(runtime.db, 1)  # and a case's escalation is due
    started, finish = threading.Event(), threading.Event()
    trained_by = []
    real_train = history_dispatch.train

    def slow_train(rt, district, now=None):  # a long training: it waits until the test lets it finish
        trained_by.append(threading.current_thread().name)
        started.set()
        assert finish.wait(30)
        return real_train(rt, district, now)

    monkeypatch.setattr(history_dispatch, "train", slow_train)
    watch, scheduler = TrainingWatch(runtime, idle_seconds=0.05), DeadlineScheduler(runtime, idle_seconds=0.05)
    with running(watch, scheduler):
        assert started.wait(10), "the training did not start"
        wait_for(lambda: _escalated(runtime, case_id), timeout=10, what="the due escalation, while the training runs")
        assert not finish.is_set()
        finish.set()
        wait_for(lambda: _stored(runtime), what="the model stored once the training finished")
    assert set(trained_by) == {"TrainingWatch"}  # each district due, by the watch; the scheduler never trained


def _escalated(runtime, case_id: str) -> bool:
    with runtime.db.transaction() as session:
        steps = select(history.c.id).where(history.c.case_id == case_id, history.c.action == "escalate")
        return session.execute(steps).first() is not None


def _stored(runtime) -> bool:
    with runtime.db.transaction() as session:
        return session.execute(select(dispatch_models.c.version)).first() is not None


def test_the_dispatcher_sees_the_suggestion_and_both_rates(runtime):
    seed_closed(runtime.db, 240)
    history_dispatch.train(runtime, "hilltown")
    auto, _, _ = arrive(runtime, "门口路灯坏了")
    kept, _, _ = arrive(runtime, "这里有人乱停车")
    dispatcher = Workbench(create_app(runtime.settings, runtime), "ht-dp")
    assert "已按此建议自动派单" in text_of(dispatcher.case(auto.id), "model-suggestion")
    assert "按历史模型派单 (置信度" in dispatcher.case(auto.id)
    shown = text_of(dispatcher.case(kept.id), "model-suggestion")
    assert "未自动采用,按规则派至 东一社区" in shown
    page = dispatcher.client.get("/workbench/oversight").get_data(as_text=True)
    rates = text_of(page, "dispatch-model")
    assert "历史模型 第 1 版 48 48 100.0%" in rates and "规则与职责清单 16 48 33.3%" in rates
    assert "dispatch-model-on" in page


def test_the_live_rate_counts_the_model_s_own_dispatches_that_stayed_with_their_unit(runtime):
    seed_closed(runtime.db, 240)
    history_dispatch.train(runtime, "hilltown")
    kept, _, _ = arrive(runtime, "门口路灯坏了")
    returned, _, _ = arrive(runtime, "我家楼前的路灯又坏了,晚上很黑")
    by_rules, _, _ = arrive(runtime, "这里有人乱停车")  # the rules dispatched it: not the model's figure
    assert (kept.unit_id, returned.unit_id, by_rules.unit_id) == ("ht-cgj", "ht-cgj", "ht-c1")
    app = create_app(runtime.settings, runtime)
    body = {"reason_code": "not_our_duty"}
    back = Api(app.test_client()).post("ht-cgj-h1", f"/api/v1/cases/{returned.id}/return", body)
    assert back.status_code == 200, back.get_json()

    live = app.test_client().get("/api/v1/districts/hilltown/dispatch-model").json["live"]
    assert (live["dispatched"], live["stayed"], live["live_rate"]) == (2, 1, 0.5)
    assert "live_rate = stayed / dispatched" in live["formula"]
    page = Workbench(app, "ht-dp").client.get("/workbench/oversight").get_data(as_text=True)
    assert "模型实际自动派单 2 件,其中 1 件未被退回" in text_of(page, "dispatch-model-live")
    assert "实际一次派准率 = 1 ÷ 2 = 50.0%" in text_of(page, "dispatch-model-live")


def test_a_stored_model_this_routing_cannot_read_leaves_the_rules_to_dispatch(runtime):
    seed_closed(runtime.db, 240)
    history_dispatch.train(runtime, "hilltown")
    with runtime.db.transaction() as session:
        session.execute(dispatch_models.update().values(model='{"kind": "something_newer"}'))
    case, step, suggestion = arrive(runtime, "我家楼前的路灯又坏了")
    assert case.unit_id == "ht-c1" and step.reason == "lowest_level" and suggestion is None
