"""Project rating and annual review under the 30 % rule, three-party review, public notice and reports,
through the HTTP API on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import insert

from minqing_evaluation.adapters.tables import ballots
from minqing_evaluation.scheduler import Scheduler

from .conftest import T0, event
from .test_followup_and_rates import case_stream


def test_only_leaders_open_projects_and_old_project_ballots_take_no_free_text_voter(service):
    assert (
        service.client.post(
            "/api/v1/projects", json={"name": "x", "unit_id": "tv-c1"}, headers=service.bearer("grid_worker")
        ).status_code
        == 403
    )
    not_text = service.client.post(
        "/api/v1/projects", json={"name": "x", "unit_id": "tv-c1", "description": {}}, headers=service.bearer("leader")
    )
    assert not_text.status_code == 422 and not_text.get_json()["error"]["fields"][0]["field"] == "description"
    with service.runtime.db.transaction() as session:  # a project ballot from before rating by household
        session.execute(
            insert(ballots).values(
                id="old-1",
                kind="project",
                district="testville",
                name="旧项目",
                subject_id="tv-c1",
                subject_kind="unit",
                status="open",
                opened_at=T0,
                opened_by="tv-p1",
                satisfied=40,
            )
        )
    assert service.client.get("/api/v1/ballots/old-1").get_json()["counts"]["satisfied"] == 40  # still readable
    voter = service.client.post("/api/v1/ballots/old-1/ratings", json={"voter": "3-001", "rating": "satisfied"})
    assert voter.status_code == 404  # the free-text voter is gone: no route takes one


def test_three_party_review_and_public_notice_without_resident_identity(service):
    service.feed(*case_stream("n", "tv-c1", True, True), *case_stream("m", "tv-c1", True, True))
    service.answer("n", True, "satisfied")
    service.answer("m", True, "basically_satisfied")
    url = "/api/v1/districts/testville/panel-ratings"
    staff = service.bearer("community_handler", unit_id="tv-c1")
    members = {}
    for quarter, party, name in [
        ("2026Q4", "community", "社区代表甲"),
        ("2026Q4", "party_rep", "党员代表乙"),
        ("2026Q4", "resident_rep", "居民代表丙"),
        ("2026Q3", "community", "社区代表丁"),
    ]:
        named = service.client.post(
            f"/api/v1/districts/testville/panels/{quarter}/members", json={"party": party, "name": name}, headers=staff
        )
        assert named.status_code == 201, named.get_json()
        members[(quarter, party)] = named.get_json()["id"]
    panel = service.client.get("/api/v1/districts/testville/panels/2026Q4").get_json()["parties"]
    assert {p: [m["name"] for m in found] for p, found in panel.items()} == {
        "community": ["社区代表甲"],
        "party_rep": ["党员代表乙"],
        "resident_rep": ["居民代表丙"],
    }
    for case_id, party, rating in [
        ("n", "community", "satisfied"),
        ("n", "party_rep", "not_satisfied"),
        ("m", "community", "satisfied"),
        ("n", "resident_rep", "basically_satisfied"),
    ]:
        body = {"case_id": case_id, "quarter": "2026Q4", "member_id": members[("2026Q4", party)], "rating": rating}
        reply = service.client.post(url, json={**body, "measures": "协调物业清运"}, headers=staff)
        assert reply.status_code == 201, reply.get_json()
        assert reply.get_json()["party"] == party  # the member's party rates
    other_quarter = {"case_id": "n", "quarter": "2026Q4", "member_id": members[("2026Q3", "community")]}
    refused = service.client.post(url, json={**other_quarter, "rating": "satisfied"}, headers=staff)
    assert refused.status_code == 422 and refused.get_json()["error"]["fields"][0]["field"] == "member_id"
    open_case = service.client.post(
        url,
        json={
            "case_id": "n",
            "quarter": "2026Q3",
            "member_id": members[("2026Q3", "community")],
            "rating": "satisfied",
        },
        headers=staff,
    )
    assert open_case.status_code == 409  # closed in Q4, not Q3
    [unit] = service.client.get(f"{url}/2026Q4").get_json()["units"]
    assert unit["parties"]["community"]["satisfaction"] == 1.0  # 2 of 2
    assert unit["parties"]["party_rep"]["satisfaction"] == 0.0  # 0 of 1
    assert unit["parties"]["resident_rep"]["satisfaction"] == 1.0
    assert unit["combined_satisfaction"] == round(2 / 3, 4)
    assert (unit["matters"], unit["reviewed_by_all_three"]) == (2, 1)  # n by all three parties, m by one
    year = service.client.get("/api/v1/districts/testville/units/tv-c1/panel-year/2026").get_json()
    assert [q["combined_satisfaction"] for q in year["quarters"]] == [None, None, None, round(2 / 3, 4)]
    assert (year["annual_satisfaction"], year["denominator"]) == (round(2 / 3, 4), 1)

    notice = service.client.get("/api/v1/districts/testville/notices/2026Q4").get_json()["items"]
    assert [(m["ticket"], m["unit_name"], m["resident_rating"], m["party_rep"]) for m in notice] == [
        ("TV-m", "一号社区", "basically_satisfied", None),
        ("TV-n", "一号社区", "satisfied", "not_satisfied"),
    ]
    csv_text = service.client.get("/api/v1/districts/testville/notices/2026Q4.csv").get_data(as_text=True)
    html = service.client.get("/api/v1/districts/testville/notices/2026Q4.html").get_data(as_text=True)
    assert "TV-n" in csv_text and "协调物业清运" in html
    for published in (str(notice), csv_text, html):
        assert "幸福小区3号楼门前垃圾" not in published and "b64:" not in published  # request text, sealed contact


def test_reports_on_demand_and_by_the_scheduler(service):
    service.feed(*case_stream("a", "tv-c1", True, True), *case_stream("b", "tv-c1", True, False))
    daily = service.client.get("/api/v1/districts/testville/reports/daily?date=2026-11-02").get_json()
    assert daily["received"] == 2 and daily["by_category"] == {"environment": 2}
    assert daily["dispatched_by_level"] == {"community": 2}
    assert daily["overdue"] == [{"unit_id": "tv-c1", "unit_name": "一号社区", "supervised": 0, "resolved_late": 1}]
    assert service.client.get("/api/v1/districts/testville/reports/yearly").status_code == 422
    scheduler = Scheduler(service.runtime)
    service.later(days=1)  # 2026-11-03: yesterday's daily report is now complete
    assert scheduler.run_once()["reports"] == 3  # daily (11-02), weekly (10-26..11-01), monthly (October)
    assert scheduler.run_once()["reports"] == 0
    stored = service.client.get("/api/v1/districts/testville/reports/daily?date=2026-11-02").get_json()
    assert stored["received"] == 2


def test_the_daily_report_counts_requests_per_type(service):
    """诉求类型 (issue 18 item 3): each type the residents chose; a case filed without one counts in no type."""
    kinds = {"a": "complaint", "b": "complaint", "c": "praise", "d": None}
    service.feed(*(event("case.received.v1", c, T0, ticket=f"TV-{c}", request_type=kind) for c, kind in kinds.items()))
    daily = service.client.get("/api/v1/districts/testville/reports/daily?date=2026-11-02").get_json()
    assert daily["received"] == 4 and daily["by_type"] == {"complaint": 2, "praise": 1}
