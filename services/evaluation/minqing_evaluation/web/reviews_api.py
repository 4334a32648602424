"""The annual review (双述双评): open a person's review (admin, leader), vote on its two ballots (the
superior organisation's raters as themselves; the board enters residents' paper ballots by household),
conclude it with the grade (admin, leader); anyone reads a review and its inputs."""

from __future__ import annotations

from flask import Blueprint, g

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import reviews
from . import bodies
from .answers.reviews import AnnualReview, AnnualReviews, ReviewVoted
from .common import known_district, requires, runtime

blueprint = Blueprint("reviews", __name__, url_prefix="/api/v1")
blueprint.before_request(known_district)
BALLOT_ROLES = {
    "superior": {"leader", "admin", "street_handler", "supervisor"},  # 上级组织
    "residents": {"leader", "admin", "community_handler"},  # the supervisory board entering paper ballots
}


@blueprint.post("/reviews")
@requires("admin", "leader")
def open_review():
    given = body(bodies.Review)
    opened = reviews.open_review(runtime(), g.principal, given.person_id, given.year, given.post)
    return answer(AnnualReview, opened, 201)


@blueprint.get("/reviews/<review_id>")
def show_review(review_id: str):
    return answer(AnnualReview, reviews.view(runtime(), review_id))


@blueprint.get("/districts/<district>/reviews/<int:year>")
def list_reviews(district: str, year: int):
    if not 2000 <= year <= 2099:
        raise invalid([FieldError("year", "must be a year from 2000 to 2099", "须为2000至2099年")])
    return answer(AnnualReviews, reviews.listed(runtime(), district, year))


@blueprint.post("/reviews/<review_id>/votes")
@requires(*sorted(set().union(*BALLOT_ROLES.values())))
def vote(review_id: str):
    given = body(bodies.ReviewVote)
    if not BALLOT_ROLES[given.ballot] & set(g.principal.roles):
        raise ApiError(403, "forbidden", f"your roles do not vote on the {given.ballot} ballot", "您无权在该票种投票")
    voted = reviews.vote(runtime(), g.principal, review_id, given.ballot, given.rating, given.household_id)
    return answer(ReviewVoted, voted, 201)


@blueprint.post("/reviews/<review_id>/conclusion")
@requires("admin", "leader")
def conclude(review_id: str):
    return answer(
        AnnualReview, reviews.conclude(runtime(), g.principal, review_id, body(bodies.ReviewConclusion).grade)
    )


@blueprint.post("/reviews/<review_id>/procedures/<kind>/steps/<step>/completion")
@requires(*reviews.STEP_KEEPERS)
def complete_step(review_id: str, kind: str, step: str):
    """A step of a procedure the conclusion opened is done (责令辞职, 整改完成, 扣除绩效奖金, ...), in order."""
    given = body(bodies.StepCompletion)
    done = reviews.complete_procedure_step(runtime(), g.principal, review_id, kind, step, given.note)
    return answer(AnnualReview, done, 201)
