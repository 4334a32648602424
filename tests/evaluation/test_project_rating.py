"""一事一评 with integrity, on PostgreSQL through evaluation's API and consumer: affected households come
from intake's listing, each rates once per round (link or paper), a result needs 100 ratings, more than
30 % not satisfied opens a supervised rectification and a second round. Hand-checked thresholds."""

from __future__ import annotations

import pytest

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import ProjectHouseholdsListed
from minqing_evaluation.scheduler import Scheduler

from .conftest import T0

LEADER = ("leader",)


def open_project(service, **affected) -> str:
    body = {
        "name": "幸福小区加装电梯",
        "unit_id": "tv-c1",
        "plan": "1号楼加装电梯",
        "funds_yuan": 250000,
        "affected": affected or {"grid_codes": ["TV-C1-G01"]},
    }
    reply = service.client.post("/api/v1/projects", json=body, headers=service.bearer(*LEADER))
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()["id"]


def start_round(service, project_id: str, households: int, contacts: int | None = None, round_: int = 1) -> list:
    """Open the round (round 1 by the API; later rounds are opened by a rectification) and feed intake's
    listing of ``households`` households, the first ``contacts`` of them with a sealed contact."""
    if round_ == 1:
        assert (
            service.client.post(f"/api/v1/projects/{project_id}/rating", headers=service.bearer(*LEADER)).status_code
            == 201
        )
    [opened] = [e for e in service.emitted("project.rating_opened.v1") if e["payload"]["round"] == round_]
    assert opened["payload"]["grid_codes"] == ["TV-C1-G01"]
    contacts = households if contacts is None else contacts
    listed = [
        {"household_id": f"hh-{i:03d}", "contact_sealed": "b64:sealed" if i < contacts else None}
        for i in range(households)
    ]
    service.feed(listing(project_id, round_, listed))
    return [e for e in service.emitted("project.rating_invited.v1") if e["payload"]["round"] == round_]


def listing(project_id: str, round_: int, listed: list[dict], district: str = "testville"):
    payload = ProjectHouseholdsListed(project_id=project_id, round=round_, households=listed)
    return new_envelope(payload, district=district, producer="intake", occurred_at=T0)


def tokens(invitations: list) -> list[str]:
    return [e["payload"]["project_token"] for e in invitations]


def rate_by_links(service, links: list[str], ratings: list[str]) -> None:
    for token, rating in zip(links, ratings, strict=False):
        reply = service.client.post(f"/api/v1/project-ratings/{token}", json={"rating": rating})
        assert reply.status_code == 201, reply.get_json()


def close(service, project_id: str):
    return service.client.post(f"/api/v1/projects/{project_id}/close", headers=service.bearer(*LEADER))


def test_each_household_rates_once_by_link_or_on_paper(service):
    project = open_project(service)
    invited = start_round(service, project, households=3, contacts=2)
    assert [e["payload"]["household_id"] for e in invited] == ["hh-000", "hh-001"]  # hh-002: no contact, paper only
    assert all(e["payload"]["contact_sealed"] == "b64:sealed" for e in invited)
    link = tokens(invited)[0]
    assert service.client.get(f"/api/v1/project-ratings/{link}").get_json()["rated"] is False
    rate_by_links(service, [link], ["satisfied"])
    again = service.client.post(f"/api/v1/project-ratings/{link}", json={"rating": "not_satisfied"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_rated"
    paper = f"/api/v1/projects/{project}/paper-ratings"
    board = service.bearer("community_handler", unit_id="tv-c1")
    same_on_paper = service.client.post(paper, json={"household_id": "hh-000", "rating": "satisfied"}, headers=board)
    assert same_on_paper.status_code == 409  # the household rated by its link
    assert (
        service.client.post(paper, json={"household_id": "hh-002", "rating": "satisfied"}, headers=board).status_code
        == 201
    )
    twice = service.client.post(paper, json={"household_id": "hh-002", "rating": "satisfied"}, headers=board)
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "already_rated"
    rate_by_links(service, [tokens(invited)[1]], ["basically_satisfied"])
    paper_after_link = service.client.post(paper, json={"household_id": "hh-001", "rating": "satisfied"}, headers=board)
    assert paper_after_link.status_code == 409
    stranger = service.client.post(paper, json={"household_id": "hh-999", "rating": "satisfied"}, headers=board)
    assert stranger.status_code == 422 and stranger.get_json()["error"]["code"] == "not_affected"
    shown = service.client.get(f"/api/v1/projects/{project}").get_json()
    assert shown["rounds"][0]["counts"] == {"satisfied": 2, "basically_satisfied": 1, "not_satisfied": 0}
    assert shown["rounds"][0]["households"] == 3 and shown["rounds"][0]["result"] is None  # 3 < 100: no result
    assert "hh-000" not in str(shown)  # the public view names no household
    with service.runtime.db.engine.connect() as connection:
        entered = connection.exec_driver_sql(
            "SELECT household_id, via, entered_by FROM project_ratings ORDER BY household_id"
        ).all()
        hashes = connection.exec_driver_sql("SELECT token_hash FROM project_households").scalars().all()
    assert [tuple(r) for r in entered] == [
        ("hh-000", "link", None),
        ("hh-001", "link", None),
        ("hh-002", "paper", "tv-p1"),
    ]
    assert link not in hashes and None in hashes  # only hashes at rest; none for the paper-only household


@pytest.mark.parametrize(
    ("ratings", "closes", "status"),
    [
        (99, False, None),  # one short of the minimum: no result
        (100, True, "passed"),
        (101, True, "passed"),
    ],
)
def test_a_result_needs_one_hundred_ratings(service, ratings, closes, status):
    project = open_project(service)
    invited = start_round(service, project, households=150)
    rate_by_links(service, tokens(invited), ["satisfied"] * ratings)
    reply = close(service, project)
    if not closes:
        assert reply.status_code == 409 and reply.get_json()["error"]["code"] == "too_few_ratings"
        assert "99" in reply.get_json()["error"]["message_zh"]
        return
    assert reply.status_code == 200, reply.get_json()
    [result] = reply.get_json()["rounds"]
    assert (result["status"], result["result"]["denominator"]) == (status, ratings)


@pytest.mark.parametrize(
    ("not_satisfied", "of", "status"),
    [
        (299, 1000, "passed"),  # 29.9 %
        (300, 1000, "passed"),  # exactly 30 % is not more than 30 %
        (301, 1000, "rectifying"),  # 30.1 %
    ],
)
def test_more_than_thirty_percent_not_satisfied_opens_a_rectification(service, not_satisfied, of, status):
    project = open_project(service)
    start_round(service, project, households=of, contacts=0)  # all on paper
    board = service.bearer("leader")
    ratings = ["not_satisfied"] * not_satisfied + ["basically_satisfied"] * (of - not_satisfied)
    for i, rating in enumerate(ratings[:-1]):
        reply = service.client.post(
            f"/api/v1/projects/{project}/paper-ratings",
            json={"household_id": f"hh-{i:03d}", "rating": rating},
            headers=board,
        )
        assert reply.status_code == 201
    assert service.client.get(f"/api/v1/projects/{project}").get_json()["rounds"][0]["status"] == "open"
    last = service.client.post(
        f"/api/v1/projects/{project}/paper-ratings",
        json={"household_id": f"hh-{of - 1:03d}", "rating": ratings[-1]},
        headers=board,
    )
    assert last.status_code == 201  # every invited household has rated: the round closes by itself
    [result] = service.client.get(f"/api/v1/projects/{project}").get_json()["rounds"]
    assert result["status"] == status
    assert result["result"]["denominator"] == of
    assert result["result"]["dissatisfied_ratio"] == round(not_satisfied / of, 4)
    required = service.emitted("project.rectification_required.v1")
    assert len(required) == (status == "rectifying")


def test_rectification_is_supervised_and_followed_by_a_second_round(service):
    project = open_project(service)
    invited = start_round(service, project, households=100)
    rate_by_links(service, tokens(invited), ["not_satisfied"] * 31 + ["satisfied"] * 69)
    [required] = service.emitted("project.rectification_required.v1")
    assert required["payload"]["round"] == 1 and required["payload"]["unit_id"] == "tv-c1"
    scheduler = Scheduler(service.runtime)
    assert scheduler.run_once()["rectifications_overdue"] == 0  # not due yet
    service.later(days=40)  # past 20 working days
    assert scheduler.run_once()["rectifications_overdue"] == 1
    assert scheduler.run_once()["rectifications_overdue"] == 0  # flagged once
    [overdue] = service.emitted("project.rectification_overdue.v1")
    assert overdue["payload"]["project_id"] == project
    done = service.client.post(
        f"/api/v1/projects/{project}/rectification", json={"note": "电梯噪声已整改"}, headers=service.bearer(*LEADER)
    )
    assert done.status_code == 201
    shown = done.get_json()
    assert [r["status"] for r in shown["rounds"]] == ["rectified", "listing"] and shown["rounds"][0]["overdue"]
    second = start_round(service, project, households=100, round_=2)
    assert set(tokens(second)).isdisjoint(tokens(invited))
    old = service.client.post(f"/api/v1/project-ratings/{tokens(invited)[50]}", json={"rating": "satisfied"})
    assert old.status_code == 409  # round 1's links are spent with their round
    rate_by_links(service, tokens(second), ["satisfied"] * 100)
    final = service.client.get(f"/api/v1/projects/{project}").get_json()["rounds"]
    assert [r["status"] for r in final] == ["rectified", "passed"]


def test_links_expire_and_staff_act_only_in_their_district(service):
    project = open_project(service)
    invited = start_round(service, project, households=2)
    service.later(days=30)
    expired = service.client.post(f"/api/v1/project-ratings/{tokens(invited)[0]}", json={"rating": "satisfied"})
    assert expired.status_code == 409 and expired.get_json()["error"]["code"] == "expired"
    assert service.client.post("/api/v1/project-ratings/nope", json={"rating": "satisfied"}).status_code == 404
    other = service.bearer("leader", district="elsewhere", unit_id="elsewhere")
    assert service.client.post(f"/api/v1/projects/{project}/close", headers=other).status_code == 404
    no_grid = service.client.post(
        "/api/v1/projects",
        json={"name": "x", "unit_id": "tv-c1", "affected": {"grid_codes": ["XX-G1"]}},
        headers=service.bearer(*LEADER),
    )
    assert no_grid.status_code == 422 and no_grid.get_json()["error"]["fields"][0]["field"] == "affected.grid_codes.0"
