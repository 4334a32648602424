"""Project rating and annual review under the 30 % rule, three-party review, public notice and reports,
through the HTTP API on PostgreSQL."""

from __future__ import annotations

from minqing_evaluation.scheduler import Scheduler

from .test_followup_and_rates import case_stream


def open_project(service, name="幸福小区加装电梯") -> str:
    reply = service.client.post(
        "/api/v1/projects", json={"name": name, "unit_id": "tv-c1"}, headers=service.bearer("leader")
    )
    assert reply.status_code == 201
    return reply.get_json()["id"]


def cast(service, ballot_id: str, ratings: list[str], offset: int = 0) -> dict:
    body = None
    for i, rating in enumerate(ratings, start=offset):
        reply = service.client.post(
            f"/api/v1/ballots/{ballot_id}/ratings", json={"voter": f"3-{i}01", "rating": rating}
        )
        assert reply.status_code == 201, reply.get_json()
        body = reply.get_json()
    return body


def test_project_over_thirty_percent_dissatisfied_at_the_hundredth_rating(service):
    ballot = open_project(service)
    at_99 = cast(service, ballot, ["satisfied"] * 60 + ["basically_satisfied"] * 8 + ["not_satisfied"] * 31)
    assert (at_99["ratings"], at_99["status"]) == (99, "open")  # 31/99 dissatisfied, but not final yet
    assert service.emitted("project.rectification_required.v1") == []
    at_100 = cast(service, ballot, ["basically_satisfied"], offset=99)
    assert (at_100["status"], at_100["dissatisfied_ratio"]) == ("rectification_required", 0.31)
    [flag] = service.emitted("project.rectification_required.v1")
    assert flag["payload"]["ratings"] == 100 and flag["payload"]["unit_id"] == "tv-c1"
    assert flag["payload"]["rectify_by"] > "2026-11-02"
    late = service.client.post(f"/api/v1/ballots/{ballot}/ratings", json={"voter": "late", "rating": "satisfied"})
    assert late.status_code == 409


def test_project_at_exactly_thirty_percent_passes(service):
    ballot = open_project(service)
    final = cast(service, ballot, ["satisfied"] * 70 + ["not_satisfied"] * 30)
    assert (final["status"], final["dissatisfied_ratio"]) == ("final_passed", 0.3)
    assert service.emitted("project.rectification_required.v1") == []


def test_one_vote_per_voter_and_only_leaders_open_projects(service):
    ballot = open_project(service)
    cast(service, ballot, ["satisfied"])
    again = service.client.post(f"/api/v1/ballots/{ballot}/ratings", json={"voter": "3-001", "rating": "satisfied"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_rated"
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


def test_annual_review_of_a_cadre_is_flagged_over_thirty_percent(service):
    reply = service.client.post(
        "/api/v1/reviews",
        json={"name": "张三", "subject_kind": "cadre", "subject_id": "tv-c1-h1", "year": 2026},
        headers=service.bearer("admin"),
    )
    assert reply.status_code == 201
    final = cast(service, reply.get_json()["id"], ["satisfied"] * 69 + ["not_satisfied"] * 31)
    assert final["status"] == "rectification_required"
    [flag] = service.emitted("review.flagged.v1")
    assert (flag["payload"]["subject_id"], flag["payload"]["year"]) == ("tv-c1-h1", 2026)


def test_three_party_review_and_public_notice_without_resident_identity(service):
    service.feed(*case_stream("n", "tv-c1", True, True), *case_stream("m", "tv-c1", True, True))
    service.answer("n", True, "satisfied")
    service.answer("m", True, "basically_satisfied")
    url = "/api/v1/districts/testville/panel-ratings"
    for case_id, party, rating in [
        ("n", "community", "satisfied"),
        ("n", "party_rep", "not_satisfied"),
        ("m", "community", "satisfied"),
        ("n", "resident_rep", "basically_satisfied"),
    ]:
        reply = service.client.post(
            url,
            json={
                "case_id": case_id,
                "quarter": "2026Q4",
                "party": party,
                "rating": rating,
                "measures": "协调物业清运",
            },
            headers=service.bearer("community_handler", unit_id="tv-c1"),
        )
        assert reply.status_code == 201, reply.get_json()
    open_case = service.client.post(
        url,
        json={"case_id": "n", "quarter": "2026Q3", "party": "community", "rating": "satisfied"},
        headers=service.bearer("community_handler"),
    )
    assert open_case.status_code == 409  # closed in Q4, not Q3
    [unit] = service.client.get(f"{url}/2026Q4").get_json()["units"]
    assert unit["parties"]["community"]["satisfaction"] == 1.0  # 2 of 2
    assert unit["parties"]["party_rep"]["satisfaction"] == 0.0  # 0 of 1
    assert unit["parties"]["resident_rep"]["satisfaction"] == 1.0
    assert unit["combined_satisfaction"] == round(2 / 3, 4)

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
