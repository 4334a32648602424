"""Themes (每月一题) on PostgreSQL: opened by a supervisor with tasks, matching new cases attach themselves
once and their residents are answered with the theme's progress, overdue tasks are supervised once,
and the effect reads the weekly matching requests of the theme's area against the untreated one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from minqing_evaluation.adapters.theme_tables import theme_cases, theme_trail
from minqing_evaluation.scheduler import Scheduler

from .conftest import T0, event

THEME = {
    "title": "一号社区垃圾清运不及时",
    "problem": "一号社区垃圾清运不及时,一个月内多次被反映",
    "category": "environment",
    "area": "tv-c1",
    "keywords": ["垃圾"],
    "lead_unit_id": "tv-cgj",
    "co_unit_ids": ["tv-c1"],
    "tasks": [
        {"description": "增设垃圾收集点", "unit_id": "tv-c1", "period": "3wd"},
        {"description": "清运改为每日两次", "unit_id": "tv-cgj", "period": "10wd"},
    ],
}


def received(
    case_id: str, at, grid: str = "TV-C1-G01", category: str = "environment", content: str = "楼下垃圾没人清运"
):
    return event(
        "case.received.v1",
        case_id,
        at,
        ticket=f"TV-{case_id}",
        content=content,
        classification={"category": category, "confidence": 0.9, "rule": None},
        location={"address": None, "grid_code": grid},
        received_at=at.isoformat(),
    )


def open_theme(service, **changes) -> dict:
    answer = service.client.post(
        "/api/v1/districts/testville/themes",
        json={**THEME, **changes},
        headers=service.bearer("supervisor", unit_id="testville"),
    )
    assert answer.status_code == 201, answer.json
    return answer.json


def linked(service, theme_id: str) -> set[str]:
    with service.runtime.db.engine.connect() as connection:
        return set(
            connection.execute(select(theme_cases.c.case_id).where(theme_cases.c.theme_id == theme_id)).scalars()
        )


def test_a_supervisor_opens_a_theme_whose_units_hear_of_it_and_their_tasks(service):
    theme = open_theme(service)
    assert (theme["status"], theme["lead_unit_name"], theme["area_name"]) == ("open", "城管局", "一号社区")
    assert [t["unit_name"] for t in theme["tasks"]] == ["一号社区", "城管局"]
    # 3 working days from Monday 2 November 10:00 (Asia/Shanghai): Thursday 5 November, end of the working day
    assert theme["tasks"][0]["due_at"] == "2026-11-05T09:30:00+00:00"
    opened = service.emitted("theme.opened.v1")
    assert [e["payload"]["unit_id"] for e in opened] == ["tv-cgj"]
    assigned = service.emitted("theme.task_assigned.v1")
    assert sorted(e["payload"]["unit_id"] for e in assigned) == ["tv-c1", "tv-cgj"]
    listing = service.client.get("/api/v1/districts/testville/themes").json["themes"]
    assert [(t["id"], t["linked_cases"]) for t in listing] == [(theme["id"], 0)]


def test_only_supervisors_of_the_district_open_a_theme_and_bad_fields_are_named(service):
    path = "/api/v1/districts/testville/themes"
    assert service.client.post(path, json=THEME, headers=service.bearer("community_handler")).status_code == 403
    other = service.bearer("supervisor", district="otherville")
    assert service.client.post(path, json=THEME, headers=other).status_code == 403
    bad = service.client.post(
        path,
        json={**THEME, "area": "nowhere", "lead_unit_id": "x", "tasks": [{**THEME["tasks"][0], "period": "3d"}]},
        headers=service.bearer("supervisor"),
    )
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json["error"]["fields"]} == {"tasks[0].period"}  # the shape first
    bad = service.client.post(
        path, json={**THEME, "area": "nowhere", "lead_unit_id": "x"}, headers=service.bearer("supervisor")
    )
    assert {f["field"] for f in bad.json["error"]["fields"]} == {"area", "lead_unit_id"}
    assert bad.json["error"]["fields"][0]["reason_zh"]


def test_a_new_matching_case_attaches_itself_once_and_its_resident_hears_the_progress(service):
    theme = open_theme(service)
    task = theme["tasks"][0]["id"]
    done = service.client.post(
        f"/api/v1/themes/{theme['id']}/tasks/{task}/done", headers=service.bearer("community_handler", unit_id="tv-c1")
    )
    assert done.status_code == 200 and done.json["tasks"][0]["status"] == "done"
    service.client.post(
        f"/api/v1/themes/{theme['id']}/measures",
        json={"kind": "measure", "text": "垃圾清运改为每日两次"},
        headers=service.bearer("supervisor"),
    )
    at = T0 + timedelta(hours=1)
    matching = received("c-match", at)
    service.feed(
        matching,
        matching,  # a replay links nothing twice
        received("c-other-grid", at, grid="TV-C2-G01"),
        received("c-other-category", at, category="municipal"),
        received("c-no-keyword", at, content="楼道异味很重"),
    )
    assert linked(service, theme["id"]) == {"c-match"}
    replies = service.emitted("theme.case_linked.v1")
    assert len(replies) == 1
    assert replies[0]["case_id"] == "c-match" and replies[0]["correlation_id"] == matching.correlation_id
    reply = replies[0]["payload"]
    assert (reply["tasks_done"], reply["tasks_total"], reply["lead_unit_name"]) == (1, 2, "城管局")
    assert reply["progress"] == "已完成任务1项(共2项);已出台措施:垃圾清运改为每日两次"
    assert service.client.get(f"/api/v1/themes/{theme['id']}").json["linked_cases"] == 1


def test_a_closed_theme_attaches_nothing_and_takes_no_more_work(service):
    theme = open_theme(service)
    closing = service.client.post(f"/api/v1/themes/{theme['id']}/close", headers=service.bearer("supervisor"))
    assert closing.json["status"] == "closed"
    service.feed(received("c-late", T0 + timedelta(hours=2)))
    assert linked(service, theme["id"]) == set()
    again = service.client.post(
        f"/api/v1/themes/{theme['id']}/measures",
        json={"kind": "policy", "text": "x"},
        headers=service.bearer("supervisor"),
    )
    assert again.status_code == 409


def test_an_overdue_task_is_supervised_once_and_a_done_one_never(service):
    theme = open_theme(service)
    second = theme["tasks"][1]["id"]
    service.client.post(f"/api/v1/themes/{theme['id']}/tasks/{second}/done", headers=service.bearer("supervisor"))
    scheduler = Scheduler(service.runtime)
    service.later(days=2)  # Wednesday: nothing due yet
    assert scheduler.run_once()["theme_tasks_overdue"] == 0
    service.later(days=2)  # Friday: the first task (due Thursday) is late
    assert scheduler.run_once()["theme_tasks_overdue"] == 1
    assert scheduler.run_once()["theme_tasks_overdue"] == 0
    service.later(days=30)
    assert scheduler.run_once()["theme_tasks_overdue"] == 0
    overdue = service.emitted("theme.task_overdue.v1")
    assert [(e["payload"]["unit_id"], e["payload"]["lead_unit_id"]) for e in overdue] == [("tv-c1", "tv-cgj")]
    with service.runtime.db.engine.connect() as connection:
        actions = list(connection.execute(select(theme_trail.c.action).order_by(theme_trail.c.id)).scalars())
    assert actions == ["opened", "task_assigned", "task_assigned", "task_done", "task_overdue"]
    page = service.client.get(f"/api/v1/themes/{theme['id']}").json
    assert [t["overdue"] for t in page["tasks"]] == [True, False]


def test_the_effect_compares_the_themes_area_with_the_untreated_one(service):
    """Eight weeks before the theme both communities get 6 matching requests a week; after it the
    treated one gets 2 and the other still 6: four fewer a week, against a flat control."""
    opened = T0 + timedelta(weeks=8)
    for week in range(12):
        monday = T0 + timedelta(weeks=week, hours=1)
        n_treated = 6 if week < 8 else 2
        for i in range(6):
            service.feed(received(f"c2-{week}-{i}", monday + timedelta(hours=i), grid="TV-C2-G01"))
            if i < n_treated:
                service.feed(received(f"c1-{week}-{i}", monday + timedelta(hours=i)))
    service.runtime.clock.now = opened
    theme = open_theme(service)
    service.runtime.clock.now = opened + timedelta(weeks=4)
    effect = service.client.get(f"/api/v1/themes/{theme['id']}").json["effect"]
    assert effect["weeks"] == 12 and effect["weeks_before"] == 8
    assert effect["controls"] == [{"area": "tv-c2", "name": "二号社区"}]
    assert effect["treated"] == [6.0] * 8 + [2.0] * 4
    assert effect["estimate"]["value"] == -4.0
    assert effect["estimate"]["relative"] == round(-4 / 6, 4)
    assert effect["estimate"]["low"] == effect["estimate"]["high"] == -4.0  # no noise: a zero-width interval
    assert "Newey–West" in effect["formula"]


def test_a_case_moved_into_the_themes_category_attaches_itself_then(service):
    theme = open_theme(service)
    at = T0 + timedelta(hours=1)
    service.feed(received("c-moved", at, category="municipal"))
    assert linked(service, theme["id"]) == set()
    moved = event("case.reclassified.v1", "c-moved", at, ticket="TV-c-moved", category="environment")
    service.feed(moved, moved)
    assert linked(service, theme["id"]) == {"c-moved"}
    assert [e["payload"]["ticket"] for e in service.emitted("theme.case_linked.v1")] == ["TV-c-moved"]
    away = event("case.reclassified.v1", "c-other", at, ticket="TV-c-other", category="environment")
    service.feed(away)  # its receipt has not arrived: nothing to match yet
    assert linked(service, theme["id"]) == {"c-moved"}


def test_matching_cases_of_the_month_before_a_theme_opened_attach_to_it_when_it_opens(service):
    service.feed(
        received("c-earlier", T0 - timedelta(days=10)),
        received("c-too-early", T0 - timedelta(days=31)),  # outside the 30 days before
        received("c-earlier-elsewhere", T0 - timedelta(days=5), grid="TV-C2-G01"),
        received("c-earlier-no-keyword", T0 - timedelta(days=5), content="楼道异味很重"),
    )
    theme = open_theme(service)
    assert linked(service, theme["id"]) == {"c-earlier"}
    [reply] = service.emitted("theme.case_linked.v1")
    assert reply["case_id"] == "c-earlier" and reply["payload"]["tasks_total"] == 2
    assert service.client.get(f"/api/v1/themes/{theme['id']}").json["linked_cases"] == 1
    service.feed(received("c-earlier", T0 - timedelta(days=10)))  # its receipt replayed: linked once
    assert len(service.emitted("theme.case_linked.v1")) == 1
