"""The voters of an annual review's residents' ballot (双述双评, by household). A review asks intake for
the households of the reviewed person's community when it opens (review.opened.v1 naming the
community's grids), as a project asks for the households it affects (``project_rounds``); intake's
answer (review.households_listed.v1) is kept once, and its size is the denominator of the ballot's
participation. A residents' vote must name a listed household; the votes' key counts it once.

Until the list has arrived a residents' vote is refused (409). A review opened before intake was asked
(before migration 0021, which left ``households_asked_at`` empty) is asked on its first residents' vote,
and a question unanswered for ``ASK_AGAIN_AFTER`` is asked again: review.opened.v1 once more, which intake
answers like the first (its answer names the review; the first answer kept here stands). The command
``minqing-evaluation ask-review-households`` asks for all the reviews never asked at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.evaluation import ReviewOpened
from minqing_contracts.events.intake import ReviewHouseholdsListed
from minqing_contracts.org import DistrictConfig
from minqing_kit.errors import ApiError
from minqing_kit.faults import NotReadyYet
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.review_tables import annual_review_households, annual_reviews
from .bootstrap import Runtime

ASK_AGAIN_AFTER = timedelta(minutes=10)


def community_grids(config: DistrictConfig, unit_id: str) -> list[str] | None:
    """The grid codes of the community ``unit_id``; None when the unit is not a community."""
    community = next((c for s in config.streets for c in s.communities if c.id == unit_id), None)
    return [g.code for g in community.grids] if community else None


def ask(session: Session, runtime: Runtime, review_id: str, district: str, year: int, unit_id: str) -> None:
    """Asks intake for the households of the community ``unit_id`` (review.opened.v1 naming its grids)."""
    grids = community_grids(runtime.districts[district], unit_id) or []
    opened = ReviewOpened(review_id=review_id, year=year, unit_id=unit_id, grid_codes=grids)
    envelope = new_envelope(opened, district=district, producer="evaluation", occurred_at=runtime.clock())
    runtime.outbox.add(session, envelope)  # intake answers review.households_listed.v1


def _ask_now(session: Session, runtime: Runtime, review) -> None:
    ask(session, runtime, review.id, review.district, review.year, review.unit_id)
    asked = update(annual_reviews).where(annual_reviews.c.id == review.id).values(households_asked_at=runtime.clock())
    session.execute(asked)


def ask_never_asked(runtime: Runtime) -> int:
    """Asks intake for the households of every open review it was never asked for (opened before 0016);
    the command ``ask-review-households``, so that their first residents' votes need not wait."""
    with runtime.db.transaction() as session:
        never = session.execute(
            select(annual_reviews)
            .where(
                annual_reviews.c.status == "open",
                annual_reviews.c.households.is_(None),
                annual_reviews.c.households_asked_at.is_(None),
            )
            .with_for_update()
        ).all()
        for review in never:
            _ask_now(session, runtime, review)
    return len(never)


def listing_refusal(session: Session, runtime: Runtime, review) -> ApiError | None:
    """None once the households are listed; else the 409 a residents' vote gets, having asked intake when
    it never was or its question has waited ``ASK_AGAIN_AFTER`` (the caller commits, then raises)."""
    if review.households is not None:
        return None
    now = runtime.clock()
    if review.households_asked_at is not None and now - review.households_asked_at < ASK_AGAIN_AFTER:
        return ApiError(
            409,
            "households_not_listed",
            "the community's households are not listed yet: intake was asked, enter the ballot again in a minute",
            "本社区住户名单尚未确定(已向受理系统请求),请稍后再录入群众测评票",
        )
    _ask_now(session, runtime, review)
    return ApiError(
        409,
        "households_requested",
        "the community's households were never listed for this review: intake has been asked for them now, "
        "enter the ballot again in a minute",
        "本评议尚无社区住户名单,现已向受理系统请求,请稍后再录入群众测评票",
    )


def on_listed(session: Session, envelope: Envelope, payload: ReviewHouseholdsListed) -> None:
    review = session.execute(
        select(annual_reviews).where(annual_reviews.c.id == payload.review_id).with_for_update()
    ).first()
    if review is None or review.district != envelope.district:
        raise NotReadyYet(f"annual review {payload.review_id} not known in {envelope.district} yet")
    if review.households is not None:
        return  # listed already: the first answer stands
    listed = sorted(set(payload.household_ids))
    if listed:
        rows = [{"review_id": review.id, "household_id": h} for h in listed]
        session.execute(insert_ignoring_duplicates(session, annual_review_households).values(rows))
    session.execute(update(annual_reviews).where(annual_reviews.c.id == review.id).values(households=len(listed)))


def check_listed(session: Session, review, household_id: str) -> None:
    """Refuses a residents' vote for a household that is not on the review's list (``listing_refusal`` first)."""
    listed = session.execute(
        select(annual_review_households.c.household_id).where(
            annual_review_households.c.review_id == review.id,
            annual_review_households.c.household_id == household_id,
        )
    ).first()
    if listed is None:
        raise ApiError(
            422,
            "household_not_listed",
            "this household is not on the list of the community's households",
            "该户不在本社区住户名单内,不能参加群众测评",
        )


def participation(households: int | None, ratings: int) -> dict:
    """The residents' ballot's participation: its votes over the households listed."""
    return {
        "households": households,
        "ratings": ratings,
        "rate": round(ratings / households, 4) if households else None,
        "formula": "residents' ballots / households listed (群众测评有效票 / 本社区住户数)",
        "denominator": households,
    }
