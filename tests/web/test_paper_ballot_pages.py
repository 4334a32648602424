"""The staff form entering a batch of paper ballots collected at a meeting (15), signed in through
routing: a project's current round (一事一评) and an annual review's residents' ballot (双述双评). Each row is
a household and its choice, checked as the API checks one ballot; a batch with a refused ballot enters
none, keeps every row as typed and says beside each refused row why; the entering person is recorded on
every ballot. In-process on PostgreSQL, and the form at phone size in Chromium."""

from __future__ import annotations

import os

import pytest
from evaluation.conftest import DISTRICTS, T0, event, make_service  # noqa: F401  (fixtures)
from evaluation.test_annual_review import listing as review_listing, open_review
from evaluation.test_project_rating import open_project, start_round, tokens
from sqlalchemy import select, update

from minqing_evaluation.adapters.project_tables import project_ratings
from minqing_evaluation.adapters.review_tables import annual_review_votes, annual_reviews

from .browser import available, navigate
from .served import checked
from .test_staff_pages import PASSWORD, keys, post, service, sign_in  # noqa: F401  (fixtures)


def rows(*ballots: tuple[str, str]) -> dict:
    return {k: v for i, (h, r) in enumerate(ballots) for k, v in ((f"household_id-{i}", h), (f"rating-{i}", r))}


def rated_project(service) -> str:
    """A project's first round open over hh-000..hh-004; hh-000 has rated by its link."""
    project = open_project(service)
    [link] = tokens(start_round(service, project, households=5, contacts=1))
    assert service.client.post(f"/api/v1/project-ratings/{link}", json={"rating": "satisfied"}).status_code == 201
    return project


def entered(service, table, key, value) -> list[tuple]:
    with service.runtime.db.engine.connect() as connection:
        found = connection.execute(select(table).where(key == value)).mappings().all()
    return sorted((r.get("household_id") or r.get("voter_key"), r["rating"], r["entered_by"]) for r in found)


def test_a_projects_paper_ballots_are_entered_as_a_batch_or_not_at_all(service):
    project = rated_project(service)
    client, page = service.client, f"/staff/projects/{project}/paper-ballots"
    sign_in(client, "tv-c1-h1")  # 张三, community handler: one of the project's staff
    assert page in client.get("/staff").get_data(as_text=True)
    batch = rows(("hh-001", "satisfied"), ("hh-000", "not_satisfied"), ("hh-999", "satisfied"), ("", ""))
    batch.update({"household_id-4": "hh-002", "rating-4": "basically_satisfied", "household_id-5": "hh-003"})
    refused = post(client, page, batch)
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 422, shown
    assert "第6张:" in shown  # hh-003 without a choice: the body's own reason, before any ballot is tried
    assert entered(service, project_ratings, project_ratings.c.project_id, project) == [("hh-000", "satisfied", None)]
    batch.pop("household_id-5")
    refused = post(client, page, batch)
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "4张选票中有2张不能录入,本批均未录入" in shown
    assert "第2张:该户已评议过" in shown and "第3张:该户不在本轮评议范围内" in shown
    assert 'value="hh-999"' in shown and 'value="hh-002"' in shown  # every row as typed
    assert entered(service, project_ratings, project_ratings.c.project_id, project) == [("hh-000", "satisfied", None)]
    good = rows(("hh-001", "satisfied"), ("hh-002", "not_satisfied"))
    done = post(client, page, good)
    assert done.status_code == 303 and done.headers["Location"].endswith("entered=2")
    assert "已录入 2 张纸质选票" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert entered(service, project_ratings, project_ratings.c.project_id, project) == [
        ("hh-000", "satisfied", None),
        ("hh-001", "satisfied", "tv-c1-h1"),
        ("hh-002", "not_satisfied", "tv-c1-h1"),
    ]
    again = post(client, page, rows(("hh-001", "not_satisfied")))
    assert again.status_code == 422 and "第1张:该户已评议过" in again.get_data(as_text=True)
    assert post(client, page, {}).status_code == 422  # no ballot at all


def test_a_reviews_residents_paper_ballots_need_its_households_and_the_boards_roles(service):
    review = open_review(service)
    client, page = service.client, f"/staff/reviews/{review}/paper-ballots"
    sign_in(client, "tv-c1-g1")  # 孙七, a grid worker: not of the board
    assert "只有监事会" in client.get(page).get_data(as_text=True)
    assert post(client, page, rows(("hh-a", "satisfied"))).status_code == 403
    sign_in(client, "tv-c2-h1")  # 李四, community handler
    early = post(client, page, rows(("hh-a", "satisfied")))
    assert early.status_code == 409 and "本社区住户名单尚未确定" in early.get_data(as_text=True)
    assert 'value="hh-a"' in early.get_data(as_text=True)
    review_listing(service, review, ["hh-a", "hh-b"])
    done = post(client, page, rows(("hh-a", "satisfied"), ("hh-b", "not_satisfied")))
    assert done.status_code == 303, done.get_data(as_text=True)
    assert entered(service, annual_review_votes, annual_review_votes.c.review_id, review) == [
        ("hh-a", "satisfied", "tv-c2-h1"),
        ("hh-b", "not_satisfied", "tv-c2-h1"),
    ]
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "已录入 2 票 / 本社区住户 2 户" in shown


def test_a_review_of_before_its_households_were_asked_for_asks_from_the_form(service):
    review = open_review(service)
    with service.runtime.db.transaction() as session:  # as migration 0021 leaves a review opened before 0016
        session.execute(update(annual_reviews).where(annual_reviews.c.id == review).values(households_asked_at=None))
    sign_in(service.client, "tv-c2-h1")
    asked = post(service.client, f"/staff/reviews/{review}/paper-ballots", rows(("hh-a", "satisfied")))
    assert asked.status_code == 409 and "现已向受理系统请求" in asked.get_data(as_text=True)
    assert len(service.emitted("review.opened.v1")) == 2


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_board_enters_a_batch_on_a_phone_and_corrects_a_refused_row(service, phone_page):
    project = rated_project(service)
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/staff/projects/{project}/paper-ballots")
        phone.fill("#person_id", "tv-c1-h1")
        phone.fill("#password", PASSWORD)
        navigate(phone, "button:has-text('登录')")
        assert phone.inner_text("h1").startswith("一事一评纸质选票录入")
        problems = checked(phone, "64-staff-paper-ballots-phone")
        phone.fill("#household_id-0", "hh-001")
        phone.select_option("#rating-0", "satisfied")
        phone.fill("#household_id-1", "hh-000")  # rated by its link already
        phone.select_option("#rating-1", "not_satisfied")
        navigate(phone, "button:has-text('录入这批选票')")
        assert "该户已评议过" in phone.inner_text("#row-1-error")
        assert phone.input_value("#household_id-0") == "hh-001" and phone.input_value("#rating-1") == "not_satisfied"
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        problems += checked(phone, "65-staff-paper-ballots-refused-phone")
        phone.fill("#household_id-1", "hh-004")
        navigate(phone, "button:has-text('录入这批选票')")
        assert "已录入 2 张纸质选票" in phone.inner_text("#entered")
        assert "已评 3 户" in phone.inner_text("#so-far")
    assert problems == []
