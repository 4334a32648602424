"""Annual reviews (双述双评, ``reviews_api``): opening, the two ballots, the conclusion and its procedures."""

from __future__ import annotations

from minqing_kit.apidocs import param
from minqing_kit.request_models import schemas

from ..answers.reviews import AnnualReview, AnnualReviews, ReviewVoted
from ..bodies import Review, ReviewConclusion, ReviewVote, StepCompletion
from .common import op

PROCEDURES = ["resign_or_recall", "rectification", "no_bonus_no_renewal"]
PARAMETERS = {
    "review_id": param("review_id", "path", "annual review id (双述双评)"),
    "procedure_kind": param(
        "kind", "path", "a procedure the review's conclusion opened", {"type": "string", "enum": PROCEDURES}
    ),
    "procedure_step": param("step", "path", "a step of that procedure (e.g. rectification_plan)"),
}
SCHEMAS = schemas(ReviewVote, ReviewConclusion, StepCompletion, Review)
PATHS = {
    "/api/v1/reviews": {
        "post": op(
            "Open a person's annual review (双述双评) for a year, two committees member or staff of a community "
            "(admins, leaders; 422 for a person whose unit is not a community); intake then lists the "
            "community's households, the voters of the residents' ballot",
            AnnualReview,
            body="Review",
            status="201",
            secured=True,
            errors_=(409, 422),
        )
    },
    "/api/v1/reviews/{review_id}": {
        "get": op(
            "An annual review: both ballots (formula, denominator), grade, procedures, and its inputs (the "
            "person's resolved cases and visits of the year, the unit's three-party quarters)",
            AnnualReview,
            params=("review_id",),
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/reviews/{year}": {
        "get": op(
            "The district's annual reviews of a year",
            AnnualReviews,
            params=("district", "year"),
            errors_=(404, 422),
        )
    },
    "/api/v1/reviews/{review_id}/votes": {
        "post": op(
            "A vote on one ballot: the superior organisation's raters (leader, admin, street handler, supervisor) "
            "as themselves, residents' paper ballots by household (board: community handler, leader, admin), "
            "only for a household intake listed in the community (422; 409 before intake has listed them); "
            "one vote per voter and ballot (409); the person under review enters none on their own review (403 "
            "own_review)",
            ReviewVoted,
            params=("review_id",),
            body="ReviewVote",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/reviews/{review_id}/conclusion": {
        "post": op(
            "Conclude with the grade: opens the procedures its consequences call for and tells the person and "
            "their community's supervisor (admins, leaders); 409 below the minimum of ratings on a ballot",
            AnnualReview,
            params=("review_id",),
            body="ReviewConclusion",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/reviews/{review_id}/procedures/{kind}/steps/{step}/completion": {
        "post": op(
            "Mark a step of a procedure the conclusion opened done (admins, leaders, supervisors), in the "
            "steps' order: 404 for a procedure or step the review lacks, 409 for a step done or out of order",
            AnnualReview,
            params=("review_id", "procedure_kind", "procedure_step"),
            body="StepCompletion",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
}
