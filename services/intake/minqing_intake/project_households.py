"""Intake's side of the ballots that households cast: evaluation names the households a project affects
(一事一评, project.rating_opened.v1) by grid, building or id, or opens an annual review (双述双评,
review.opened.v1) whose residents' ballot the reviewed person's community's grids vote on; intake
answers with the households it holds there, in the event's district only: a project's as ids with their
contact still sealed for notify (project.households_listed.v1), a review's as ids
(review.households_listed.v1). Nothing else of a household leaves intake."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.evaluation import ProjectRatingOpened, ReviewOpened
from minqing_contracts.events.intake import ProjectHousehold, ProjectHouseholdsListed, ReviewHouseholdsListed

from .adapters.grid_tables import households
from .bootstrap import Runtime


def _households_in(
    session: Session,
    district: str,
    grid_codes: Sequence[str],
    building_ids: Sequence[str] = (),
    ids: Sequence[str] = (),
) -> list:
    """The district's households in any of the grids, buildings or ids named (none when none is)."""
    chosen = [
        column.in_(values)
        for column, values in (
            (households.c.grid_code, grid_codes),
            (households.c.building_id, building_ids),
            (households.c.id, ids),
        )
        if values
    ]
    if not chosen:
        return []
    query = select(households.c.id, households.c.contact_sealed).where(households.c.district == district, or_(*chosen))
    return list(session.execute(query.order_by(households.c.id)).all())


def list_for_project(runtime: Runtime, session: Session, envelope: Envelope, payload: ProjectRatingOpened) -> None:
    rows = _households_in(session, envelope.district, payload.grid_codes, payload.building_ids, payload.household_ids)
    listed = ProjectHouseholdsListed(
        project_id=payload.project_id,
        round=payload.round,
        households=[ProjectHousehold(household_id=r.id, contact_sealed=r.contact_sealed) for r in rows],
    )
    runtime.outbox.add(session, new_envelope(listed, district=envelope.district, producer="intake", causation=envelope))


def list_for_review(runtime: Runtime, session: Session, envelope: Envelope, payload: ReviewOpened) -> None:
    rows = _households_in(session, envelope.district, payload.grid_codes)
    listed = ReviewHouseholdsListed(review_id=payload.review_id, household_ids=[r.id for r in rows])
    runtime.outbox.add(session, new_envelope(listed, district=envelope.district, producer="intake", causation=envelope))
