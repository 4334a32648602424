"""The voters of an annual review's residents' ballot (双述双评, by household). A review asks intake for
the households of the reviewed person's community when it opens (review.opened.v1 naming the
community's grids), as a project asks for the households it affects (``project_rounds``); intake's
answer (review.households_listed.v1) is kept once, and its size is the denominator of the ballot's
participation. A residents' vote must name a listed household; the votes' key counts it once."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events.intake import ReviewHouseholdsListed
from minqing_contracts.org import DistrictConfig
from minqing_kit.errors import ApiError
from minqing_kit.faults import NotReadyYet
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.review_tables import annual_review_households, annual_reviews


def community_grids(config: DistrictConfig, unit_id: str) -> list[str] | None:
    """The grid codes of the community ``unit_id``; None when the unit is not a community."""
    community = next((c for s in config.streets for c in s.communities if c.id == unit_id), None)
    return [g.code for g in community.grids] if community else None


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
    """Refuses a residents' vote for a household that is not on the review's list."""
    if review.households is None:
        raise ApiError(
            409,
            "households_not_listed",
            "the community's households are not listed yet",
            "本社区住户名单尚未确定,暂不能录入群众测评票",
        )
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
