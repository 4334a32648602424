"""What intake listens to, in one place: routing's and evaluation's events keep the public view current."""
from __future__ import annotations

from datetime import datetime, timezone

from minqing_kit.consumer import Handler
from sqlalchemy import update

from .adapters.tables import cases
from .bootstrap import Runtime

STATUS_BY_EVENT = {
    "case.dispatched.v1": "dispatched", "case.accepted.v1": "accepted", "case.escalated.v1": "dispatched",
    "case.resolved.v1": "resolved", "case.reopened.v1": "reopened", "case.closed.v1": "closed",
}


def _track(session, envelope, payload) -> None:
    values = {"status": STATUS_BY_EVENT[envelope.type], "updated_at": datetime.now(timezone.utc)}
    if getattr(payload, "unit_name", None):
        values["unit_name"] = payload.unit_name
    session.execute(update(cases).where(cases.c.id == envelope.case_id).values(**values))


def subscriptions(runtime: Runtime) -> dict[str, Handler]:
    return {event_type: _track for event_type in STATUS_BY_EVENT}
