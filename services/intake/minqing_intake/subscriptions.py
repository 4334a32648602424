"""What intake listens to, in one place: routing's and evaluation's events keep the public view current.

Every event adds its step (once: the inbox runs a handler once per event id, and the step's key is the
event id), from the case's own district's stream: the copy of a joint case's event routing sends to a
partner district (跨区联办) is for that district's consumers, and would repeat the step. The status,
unit and reply move only if the event happened after the one that set them,
so late deliveries never move a case backwards.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import insert, or_, select, update

from minqing_contracts.events.evaluation import ProjectRatingOpened, ReviewOpened
from minqing_kit.consumer import Handlers

from . import project_households
from .adapters.tables import case_steps, cases
from .bootstrap import Runtime
from .domain.tracking import CHANGES, change_for

log = logging.getLogger(__name__)


def track(session, envelope, payload) -> None:
    change = change_for(payload)
    own = cases.c.district == envelope.district  # a copy on a partner district's stream (跨区联办) is not its timeline
    exists = session.execute(select(cases.c.id).where(cases.c.id == envelope.case_id, own)).first()
    if change is None or not exists:
        log.info("event for a case intake does not hold; ignored")
        return
    at = envelope.occurred_at
    session.execute(
        insert(case_steps).values(
            event_id=envelope.event_id,
            case_id=envelope.case_id,
            occurred_at=at,
            kind=change.step_kind,
            unit_name=change.step_unit_name,
            note=change.note,
            public=change.public,
            deadline=change.deadline,
        )
    )
    values = {"updated_at": datetime.now(UTC)}
    if change.satisfaction:
        values["satisfaction"] = change.satisfaction
    session.execute(update(cases).where(cases.c.id == envelope.case_id).values(**values))
    if change.status:
        _move_status(session, envelope.case_id, change, at)
    if change.reply:  # the latest reply shows even when a later status (reopened) arrived first
        later_reply = or_(cases.c.reply_at.is_(None), cases.c.reply_at <= at)
        session.execute(
            update(cases).where(cases.c.id == envelope.case_id, later_reply).values(reply=change.reply, reply_at=at)
        )


def _move_status(session, case_id: str, change, at) -> None:
    """Only if this event happened after the one that set the current status."""
    moved = {"status": change.status, "status_at": at}
    if change.unit_name:
        moved.update(unit_id=change.unit_id, unit_name=change.unit_name)
    if change.merged_into_ticket:
        moved["merged_into_ticket"] = change.merged_into_ticket
    newer = or_(cases.c.status_at.is_(None), cases.c.status_at <= at)
    session.execute(update(cases).where(cases.c.id == case_id, newer).values(**moved))


def subscriptions(runtime: Runtime) -> Handlers:
    """Every payload class the public view follows (domain.tracking.CHANGES), and evaluation's questions
    which households a project affects (一事一评) and which vote on an annual review's residents' ballot
    (双述双评)."""
    return {
        **dict.fromkeys(CHANGES, track),
        ProjectRatingOpened: partial(project_households.list_for_project, runtime),
        ReviewOpened: partial(project_households.list_for_review, runtime),
    }
