"""双述双评 on PostgreSQL through evaluation's API: two ballots per person and year (上级组织 and residents,
one vote per voter), and the consequences as procedures: more than 30 % not satisfied for a 两委 member
opens resign-or-recall, 基本称职 a rectification, 不称职 or two years of 基本称职 no bonus and no renewal;
the person and their community's supervisor are told (review.concluded.v1). Hand-checked thresholds."""

from __future__ import annotations

from argparse import Namespace

import pytest
from sqlalchemy import update

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import ReviewHouseholdsListed, VisitRecorded
from minqing_evaluation.adapters.review_tables import annual_reviews
from minqing_evaluation.definition import DEFINITION
from minqing_evaluation.domain.annual_review import ballot_verdicts, consequences
from minqing_evaluation.domain.verdict import RATINGS

from .conftest import T0, event

PERSON = "tv-c1-h1"  # 张三, community handler of tv-c1 (street tv-s1)
LEADER = ("leader",)


def open_review(service, year: int = 2026, post: str = "two_committees") -> str:
    reply = service.client.post(
        "/api/v1/reviews", json={"person_id": PERSON, "year": year, "post": post}, headers=service.bearer(*LEADER)
    )
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()["id"]


def listing(service, review: str, household_ids: list[str]) -> None:
    """Intake's answer to review.opened.v1: the community's households, the residents' ballot's voters."""
    listed = ReviewHouseholdsListed(review_id=review, household_ids=household_ids)
    service.feed(new_envelope(listed, district="testville", producer="intake", occurred_at=T0))


def votes(service, review: str, ballot: str, ratings: list[str], prefix: str = "hh") -> None:
    if ballot == "residents":
        listing(service, review, [f"{prefix}-{i}" for i in range(len(ratings))])
    for i, rating in enumerate(ratings):
        if ballot == "residents":  # the board enters a household's paper ballot
            body = {"ballot": ballot, "rating": rating, "household_id": f"{prefix}-{i}"}
            headers = service.bearer("community_handler", unit_id="tv-c1")
        else:  # each rater of the superior organisation votes as themselves
            body = {"ballot": ballot, "rating": rating}
            headers = service.bearer("leader", person=f"rater-{prefix}-{i}")
        reply = service.client.post(f"/api/v1/reviews/{review}/votes", json=body, headers=headers)
        assert reply.status_code == 201, reply.get_json()


def conclude(service, review: str, grade: str):
    return service.client.post(
        f"/api/v1/reviews/{review}/conclusion", json={"grade": grade}, headers=service.bearer(*LEADER)
    )


def counts(**per_ballot: tuple[int, int]) -> dict:
    """ballot=(not_satisfied, total) -> the counts both ballots need."""
    found = {b: dict.fromkeys(RATINGS, 0) for b in ("superior", "residents")}
    for ballot, (bad, total) in per_ballot.items():
        found[ballot].update(not_satisfied=bad, satisfied=total - bad)
    return found


@pytest.mark.parametrize(
    ("bad", "recall"),
    [(299, False), (300, False), (301, True)],  # 29.9 %, exactly 30 % (not more), 30.1 % of 1000
)
def test_more_than_thirty_percent_not_satisfied_on_a_ballot_recalls_a_two_committees_member(bad, recall):
    for ballot in ("superior", "residents"):
        verdicts = ballot_verdicts(counts(**{ballot: (bad, 1000)}), 1, 0.30)
        kinds = [c.kind for c in consequences("two_committees", "competent", verdicts, None)]
        assert kinds == (["resign_or_recall"] if recall else [])
        assert consequences("staff", "competent", verdicts, None) == []  # staff are judged by their grade


@pytest.mark.parametrize(
    ("grade", "last_year", "kinds"),
    [
        ("competent", "basically_competent", []),
        ("basically_competent", None, ["rectification"]),
        ("basically_competent", "competent", ["rectification"]),
        ("basically_competent", "basically_competent", ["rectification", "no_bonus_no_renewal"]),  # two years
        ("incompetent", None, ["no_bonus_no_renewal"]),
    ],
)
def test_grades_open_rectification_or_no_bonus_and_no_renewal(grade, last_year, kinds):
    verdicts = ballot_verdicts(counts(superior=(0, 10), residents=(0, 10)), 1, 0.30)
    assert [c.kind for c in consequences("staff", grade, verdicts, last_year)] == kinds


def test_a_review_with_its_ballots_procedures_notice_and_inputs(service):
    review = open_review(service)
    votes(service, review, "superior", ["satisfied"] * 4 + ["not_satisfied"])
    votes(service, review, "residents", ["satisfied"] * 6 + ["not_satisfied"] * 4)  # 40 % not satisfied
    twice = service.client.post(
        f"/api/v1/reviews/{review}/votes",
        json={"ballot": "residents", "rating": "satisfied", "household_id": "hh-0"},
        headers=service.bearer("community_handler", unit_id="tv-c1"),
    )
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "already_rated"
    grid_worker = service.client.post(
        f"/api/v1/reviews/{review}/votes",
        json={"ballot": "superior", "rating": "satisfied"},
        headers=service.bearer("community_handler", unit_id="tv-c1"),
    )
    assert grid_worker.status_code == 403  # the community does not vote as its superior organisation
    done = conclude(service, review, "basically_competent")
    assert done.status_code == 200, done.get_json()
    shown = done.get_json()
    assert (
        shown["ballots"]["residents"]["dissatisfied_ratio"] == 0.4
        and shown["ballots"]["residents"]["denominator"] == 10
    )
    assert shown["ballots"]["superior"]["dissatisfied_ratio"] == 0.2
    assert [p["kind"] for p in shown["procedures"]] == ["rectification", "resign_or_recall"]
    recall = next(p for p in shown["procedures"] if p["kind"] == "resign_or_recall")
    assert [s["name"] for s in recall["steps"]] == ["责令辞职", "启动罢免程序", "居民会议表决", "结果公示"]
    assert next(p for p in shown["procedures"] if p["kind"] == "rectification")["due_at"] > "2026-11-02"
    [told] = service.emitted("review.concluded.v1")
    assert (told["payload"]["subject_id"], told["payload"]["supervisor_unit_id"]) == (PERSON, "tv-s1")
    assert told["payload"]["procedures"] == ["resign_or_recall", "rectification"]
    assert conclude(service, review, "competent").status_code == 409  # concluded once


def test_two_years_of_basically_competent_mean_no_bonus_and_no_renewal(service):
    for year in (2025, 2026):
        review = open_review(service, year=year, post="staff")
        votes(service, review, "superior", ["satisfied"] * 2, prefix=str(year))
        votes(service, review, "residents", ["satisfied"] * 2, prefix=str(year))
        assert conclude(service, review, "basically_competent").status_code == 200
    first, second = service.emitted("review.concluded.v1")
    assert first["payload"]["procedures"] == ["rectification"]
    assert second["payload"]["procedures"] == ["rectification", "no_bonus_no_renewal"]
    assert open_review_again(service).status_code == 409


def open_review_again(service):
    return service.client.post(
        "/api/v1/reviews", json={"person_id": PERSON, "year": 2026, "post": "staff"}, headers=service.bearer(*LEADER)
    )


def test_too_few_ratings_give_no_result_and_strangers_are_refused(service):
    review = open_review(service)
    votes(service, review, "superior", ["satisfied"])  # testville's min_sample is 2
    votes(service, review, "residents", ["satisfied"] * 2)
    short = conclude(service, review, "competent")
    assert short.status_code == 409 and short.get_json()["error"]["code"] == "too_few_ratings"
    nobody = service.client.post(
        "/api/v1/reviews", json={"person_id": "nobody", "year": 2026, "post": "staff"}, headers=service.bearer(*LEADER)
    )
    assert nobody.status_code == 422
    other = service.client.post(
        f"/api/v1/reviews/{review}/conclusion",
        json={"grade": "competent"},
        headers=service.bearer("leader", district="elsewhere", unit_id="elsewhere"),
    )
    assert other.status_code == 404


def test_the_inputs_show_the_persons_resolved_cases_and_visits_of_the_year(service):
    resolved = event(
        "case.resolved.v1", "z", T0, ticket="TV-z", unit_id="tv-c1", unit_name="一号社区", level="community"
    )
    resolved.payload["actor"] = {"kind": "person", "id": PERSON, "name": "张三", "role": "community_handler"}
    service.feed(event("case.received.v1", "z", T0, ticket="TV-z"), resolved)
    visit = VisitRecorded(
        visit_id="v-1",
        visitor_id=PERSON,
        grid_code="TV-C1-G01",
        visited_at=T0,
        local_date=T0.date(),
        household_ids=["hh-1"],
    )
    service.feed(new_envelope(visit, district="testville", producer="intake", occurred_at=T0))
    inputs = service.client.get(f"/api/v1/reviews/{open_review(service)}").get_json()["inputs"]
    assert (inputs["cases_resolved"], inputs["visits"]) == (1, 1)
    assert [q["quarter"] for q in inputs["unit_three_party"]["quarters"]] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]


def rectifying(service) -> str:
    """A staff member's review concluded 基本称职: its rectification's three steps are open."""
    review = open_review(service, post="staff")
    votes(service, review, "superior", ["satisfied"] * 2)
    votes(service, review, "residents", ["satisfied"] * 2)
    assert conclude(service, review, "basically_competent").status_code == 200
    return review


def complete(service, review: str, step: str, kind: str = "rectification", roles=LEADER, **body):
    return service.client.post(
        f"/api/v1/reviews/{review}/procedures/{kind}/steps/{step}/completion",
        json=body,
        headers=service.bearer(*roles, person="tv-leader"),
    )


def test_a_procedures_steps_are_marked_done_in_their_order_once_each(service):
    review = rectifying(service)
    skipped = complete(service, review, "rectified")
    assert skipped.status_code == 409 and skipped.get_json()["error"]["code"] == "wrong_step"
    assert "制定整改计划" in skipped.get_json()["error"]["message_zh"]
    assert complete(service, review, "rectification_plan", roles=("community_handler",)).status_code == 403
    assert complete(service, review, "rectification_plan", kind="resign_or_recall").status_code == 404
    assert complete(service, review, "no_such_step").status_code == 404
    done = complete(service, review, "rectification_plan", note="每周入户两次,月底复核")
    assert done.status_code == 201, done.get_json()
    [plan, rectified, reviewed] = done.get_json()["procedures"][0]["steps"]
    assert (plan["done_by"], plan["note"], plan["done_at"][:10]) == ("tv-leader", "每周入户两次,月底复核", "2026-11-02")
    assert rectified["done_at"] is None and reviewed["done_at"] is None
    again = complete(service, review, "rectification_plan")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "step_done"
    assert complete(service, review, "rectified").status_code == 201
    shown = service.client.get(f"/api/v1/reviews/{review}").get_json()
    assert [s["done_at"] is not None for s in shown["procedures"][0]["steps"]] == [True, True, False]


def residents_vote(service, review: str, household: str):
    return service.client.post(
        f"/api/v1/reviews/{review}/votes",
        json={"ballot": "residents", "rating": "satisfied", "household_id": household},
        headers=service.bearer("community_handler", unit_id="tv-c1"),
    )


def test_a_residents_vote_needs_a_household_intake_listed_in_the_community_and_counts_once(service):
    review = open_review(service)
    [asked] = service.emitted("review.opened.v1")
    assert asked["payload"] == {"review_id": review, "year": 2026, "unit_id": "tv-c1", "grid_codes": ["TV-C1-G01"]}
    early = residents_vote(service, review, "hh-a")
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "households_not_listed"
    listing(service, review, ["hh-a", "hh-b", "hh-b"])
    listing(service, review, ["hh-a", "hh-b", "hh-c", "hh-d"])  # a second answer changes nothing
    stranger = residents_vote(service, review, "paper-7")
    assert stranger.status_code == 422 and stranger.get_json()["error"]["code"] == "household_not_listed"
    assert stranger.get_json()["error"]["message_zh"] == "该户不在本社区住户名单内,不能参加群众测评"
    assert residents_vote(service, review, "hh-c").status_code == 422
    assert residents_vote(service, review, "hh-a").status_code == 201
    again = residents_vote(service, review, "hh-a")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_rated"
    shown = service.client.get(f"/api/v1/reviews/{review}").get_json()
    assert shown["ballots"]["residents"]["ratings"] == 1
    assert {k: shown["participation"][k] for k in ("households", "ratings", "rate", "denominator")} == {
        "households": 2,
        "ratings": 1,
        "rate": 0.5,
        "denominator": 2,
    }
    page = service.client.get(f"/board/testville/annual-review/{review}").get_data(as_text=True)
    assert "群众测评参评率:50.0% = 有效票 1 / 本社区住户 2 户" in page
    street = service.client.post(
        "/api/v1/reviews",
        json={"person_id": "tv-s1-h1", "year": 2026, "post": "staff"},
        headers=service.bearer(*LEADER),
    )
    assert street.status_code == 422 and street.get_json()["error"]["code"] == "not_community"


def test_a_review_never_asked_for_its_households_asks_intake_on_its_first_residents_vote(service):
    """A review opened before evaluation asked intake (before migration 0016 nothing did, and 0021 leaves
    such a review's households_asked_at empty) asks on the first residents' vote, answers 409 until intake's
    list arrives, asks again only after ten minutes without an answer, and then takes the ballot."""
    review = open_review(service)
    with service.runtime.db.transaction() as session:  # the state 0021 leaves a review of before 0016 in
        session.execute(update(annual_reviews).where(annual_reviews.c.id == review).values(households_asked_at=None))
    first = residents_vote(service, review, "hh-a")
    assert first.status_code == 409 and first.get_json()["error"]["code"] == "households_requested"
    assert first.get_json()["error"]["message_zh"] == "本评议尚无社区住户名单,现已向受理系统请求,请稍后再录入群众测评票"
    opened, asked = service.emitted("review.opened.v1")
    assert asked["payload"] == opened["payload"] and asked["event_id"] != opened["event_id"]
    soon = residents_vote(service, review, "hh-a")  # asked a moment ago: not asked twice
    assert soon.status_code == 409 and soon.get_json()["error"]["code"] == "households_not_listed"
    assert len(service.emitted("review.opened.v1")) == 2
    service.later(minutes=10)
    assert residents_vote(service, review, "hh-a").get_json()["error"]["code"] == "households_requested"
    assert len(service.emitted("review.opened.v1")) == 3
    listing(service, review, ["hh-a", "hh-b"])
    assert residents_vote(service, review, "hh-a").status_code == 201
    assert len(service.emitted("review.opened.v1")) == 3  # listed: nothing more is asked
    shown = service.client.get(f"/api/v1/reviews/{review}").get_json()
    assert shown["participation"]["households"] == 2 and shown["ballots"]["residents"]["ratings"] == 1


def test_the_command_asks_for_every_open_review_never_asked_once(service, capsys):
    never, listed, concluded = (open_review(service, year=y) for y in (2024, 2025, 2026))
    with service.runtime.db.transaction() as session:  # all three as before 0016; one listed since, one concluded
        session.execute(update(annual_reviews).values(households_asked_at=None))
        session.execute(update(annual_reviews).where(annual_reviews.c.id == concluded).values(status="concluded"))
    listing(service, listed, ["hh-a"])
    command = DEFINITION.commands["ask-review-households"]
    assert command.run(service.runtime.settings, Namespace()) == 0
    assert "asked intake for the households of 1 open reviews" in capsys.readouterr().out
    asked = [e["payload"]["review_id"] for e in service.emitted("review.opened.v1")]
    assert asked == [never, listed, concluded, never]  # three at opening, then the one never asked
    assert command.run(service.runtime.settings, Namespace()) == 0  # asked now: not again
    assert len(service.emitted("review.opened.v1")) == 4
    soon = residents_vote(service, never, "hh-a")  # its first vote waits for the answer, asks nothing more
    assert soon.status_code == 409 and soon.get_json()["error"]["code"] == "households_not_listed"


def test_the_person_under_review_enters_no_vote_on_their_own_review(service):
    review = open_review(service)
    listing(service, review, ["hh-a"])
    own = service.client.post(
        f"/api/v1/reviews/{review}/votes",
        json={"ballot": "residents", "rating": "satisfied", "household_id": "hh-a"},
        headers=service.bearer("community_handler", unit_id="tv-c1", person=PERSON),
    )
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "own_review"
    superior = service.client.post(
        f"/api/v1/reviews/{review}/votes",
        json={"ballot": "superior", "rating": "satisfied"},
        headers=service.bearer("leader", person=PERSON),
    )
    assert superior.status_code == 403 and superior.get_json()["error"]["code"] == "own_review"
    assert residents_vote(service, review, "hh-a").status_code == 201  # a colleague of the board may
    shown = service.client.get(f"/api/v1/reviews/{review}").get_json()
    assert shown["ballots"]["residents"]["ratings"] == 1 and shown["ballots"]["superior"]["ratings"] == 0
