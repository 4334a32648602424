"""Intake's side of project rating (一事一评): evaluation names a project's affected households by grid,
building or id; intake answers with the households it holds there, in the event's district only, as
ids with their contact still sealed for notify (project.households_listed.v1). Nothing else of a
household leaves intake."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.evaluation import ProjectRatingOpened
from minqing_contracts.events.intake import ProjectHousehold, ProjectHouseholdsListed

from .adapters.grid_tables import households
from .bootstrap import Runtime


def list_for_project(runtime: Runtime, session: Session, envelope: Envelope, payload: ProjectRatingOpened) -> None:
    chosen = [
        column.in_(values)
        for column, values in (
            (households.c.grid_code, payload.grid_codes),
            (households.c.building_id, payload.building_ids),
            (households.c.id, payload.household_ids),
        )
        if values
    ]
    rows = (
        session.execute(
            select(households.c.id, households.c.contact_sealed)
            .where(households.c.district == envelope.district, or_(*chosen))
            .order_by(households.c.id)
        ).all()
        if chosen
        else []
    )
    listed = ProjectHouseholdsListed(
        project_id=payload.project_id,
        round=payload.round,
        households=[ProjectHousehold(household_id=r.id, contact_sealed=r.contact_sealed) for r in rows],
    )
    runtime.outbox.add(
        session,
        new_envelope(listed, district=envelope.district, producer="intake", causation=envelope),
    )
