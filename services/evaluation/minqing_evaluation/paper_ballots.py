"""Paper ballots collected at a meeting, entered as one batch by the supervisory board (监事会): a
project's rating (一事一评) or an annual review's residents' ballot (双述双评), each ballot a household and
its choice. One transaction per batch: every ballot goes through the use case the API runs for one
(``project_rounds.paper_ballot``, ``reviews.cast``: the household on the list, once per round or ballot,
the entering person recorded on each), and a batch with a refused ballot enters none of them, its
refusals named by row (``ballots.<i>.household_id``), so the board corrects and sends the batch again."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from minqing_kit.errors import ApiError, FieldError

from . import project_rounds, projects, review_households, reviews
from .bootstrap import Runtime

log = logging.getLogger(__name__)
BALLOT_REFUSALS = {"already_rated", "not_affected", "household_not_listed"}  # a ballot's own; others stop the batch


def _each(ballots: Sequence[tuple[str, str]], enter: Callable[[str, str], object]) -> None:
    refused = []
    for i, (household, rating) in enumerate(ballots):
        try:
            enter(household, rating)
        except ApiError as error:
            if error.code not in BALLOT_REFUSALS:
                raise
            refused.append(FieldError(f"ballots.{i}.household_id", error.message, error.message_zh))
    if refused:  # raised in the transaction: none of the batch is entered
        raise ApiError(
            422,
            "ballots_refused",
            f"{len(refused)} of the {len(ballots)} ballots are refused, so none was entered",
            f"{len(ballots)}张选票中有{len(refused)}张不能录入,本批均未录入,请更正后重新提交",
            refused,
        )


def _entered(principal, kind: str, subject: str, count: int) -> dict:
    log.info("%d paper ballots of %s %s entered by %s", count, kind, subject, principal.person_id)
    return {"kind": kind, "id": subject, "entered": count, "entered_by": principal.person_id}


def for_project(runtime: Runtime, principal, project_id: str, ballots: Sequence[tuple[str, str]]) -> dict:
    """A batch of a project's current round: (household id, rating) each."""
    with runtime.db.transaction() as session:
        project = projects.locked(session, project_id, principal.district)
        _each(ballots, lambda h, r: project_rounds.paper_ballot(session, runtime, principal, project, h, r))
    return _entered(principal, "project", project_id, len(ballots))


def for_review(runtime: Runtime, principal, review_id: str, ballots: Sequence[tuple[str, str]]) -> dict:
    """A batch of a review's residents' ballot: (household id, rating) each; 409 while the households are
    not listed (the question to intake, when asked now, is committed first)."""
    with runtime.db.transaction() as session:
        review = reviews.open_for_votes(session, review_id, principal.district)
        waiting = review_households.listing_refusal(session, runtime, review)
        if waiting is None:
            _each(ballots, lambda h, r: reviews.cast(session, runtime, principal, review, "residents", h, r))
    if waiting is not None:
        raise waiting
    return _entered(principal, "review", review_id, len(ballots))
