"""How routing's and evaluation's events change the public view of a case (公示).

Each event maps to an optional new status and unit, an optional reply and one step. A status is
applied only if the event happened after the event that set the current status, so an event that
arrives late (a 'dispatched' delivered after 'resolved') adds its step but does not move the case back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from minqing_contracts.events import evaluation, routing as ev


@dataclass(frozen=True)
class Change:
    status: str | None
    unit_id: str | None
    unit_name: str | None
    step_kind: str
    note: str | None
    public: bool = True
    reply: str | None = None
    merged_into_ticket: str | None = None
    satisfaction: str | None = None
    deadline: datetime | None = None  # what the step's unit must do by when (签收, 办结, a part's, 督办's)
    step_unit: str | None = None  # the step's unit when it is not the case's (the unit that sent it back)

    @property
    def step_unit_name(self) -> str | None:
        return self.step_unit or self.unit_name


OPEN_STATUSES = ("received", "dispatched", "accepted", "returned", "escalated", "reopened")
CLOSED_STATUSES = ("resolved", "closed", "merged")


def _unit(payload: object) -> tuple[str | None, str | None]:
    return getattr(payload, "unit_id", None), getattr(payload, "unit_name", None)


def _rating(payload: evaluation.CaseRated | evaluation.CaseClosed) -> str:
    """The resident's overall answer as they gave it: 说不清 ('unclear') travels as not_satisfied."""
    return "unclear" if payload.unclear else payload.satisfaction


def _joint(p: ev.CaseJointOpened) -> Change:
    """联办: the lead unit's step, the co-handling units named, by the latest part's deadline."""
    lead = next((part for part in p.parts if part.lead), p.parts[0] if p.parts else None)
    others = "、".join(part.unit_name for part in p.parts if part is not lead)
    deadlines = [part.deadline for part in p.parts if part.deadline]
    return Change(
        None,
        None,
        None,
        "joint",
        f"协办单位:{others}" if others else None,
        deadline=max(deadlines) if deadlines else None,
        step_unit=lead.unit_name if lead else None,
    )


CHANGES: dict[type, Callable[..., Change]] = {  # payload class -> what it does to the view
    ev.CaseDispatched: lambda p: Change(
        "dispatched", *_unit(p), "dispatched", None, deadline=p.acceptance_deadline or p.response_deadline
    ),
    ev.CaseAccepted: lambda p: Change("accepted", *_unit(p), "accepted", None, deadline=p.resolution_deadline),
    ev.CaseReturned: lambda p: Change("returned", None, None, "returned", p.reason, step_unit=p.unit_name),
    ev.CaseEscalated: lambda p: Change("escalated", *_unit(p), "escalated", p.reason, deadline=p.resolution_deadline),
    ev.CaseSupervised: lambda p: Change(
        None, None, None, "supervised", None, deadline=p.deadline, step_unit=p.unit_name
    ),
    ev.CaseJointOpened: _joint,
    ev.CaseProgressRecorded: lambda p: Change(None, None, None, p.kind, p.note, public=p.public),
    ev.CaseResolved: lambda p: Change("resolved", *_unit(p), p.outcome, p.reply, reply=p.reply),
    ev.CaseReopened: lambda p: Change("reopened", *_unit(p), "reopened", p.reason, deadline=p.resolution_deadline),
    ev.CaseMerged: lambda p: Change("merged", None, None, "merged", p.into_ticket, merged_into_ticket=p.into_ticket),
    ev.CaseAnsweredInCluster: lambda p: Change("resolved", *_unit(p), p.outcome, p.reply, reply=p.reply),
    ev.CaseSplit: lambda p: Change("accepted", *_unit(p), "split", p.from_ticket),
    evaluation.CaseClosed: lambda p: Change("closed", None, None, "closed", None, satisfaction=_rating(p)),
    evaluation.CaseRated: lambda p: Change(None, None, None, "rated", _rating(p), satisfaction=_rating(p)),
}


def change_for(payload: object) -> Change | None:
    """What an event does to the view, by its payload's class (so each version is read with its own
    fields); None for a payload intake does not track."""
    change = CHANGES.get(type(payload))
    return change(payload) if change else None


@dataclass(frozen=True)
class View:
    """What events move on a case's public view; the rest of the case is intake's own."""

    status: str
    status_at: datetime | None  # when the event that set the status happened
    unit_id: str | None
    unit_name: str | None
    merged_into_ticket: str | None
    reply: str | None
    reply_at: datetime | None
    satisfaction: str | None


def moved(view: View, change: Change, at: datetime) -> View:
    """The view after an event that happened ``at``: its status (with its unit and merge) only if it
    happened after the event that set the current one; its reply only if no later reply is shown (the
    latest reply shows even when a later status, reopened, arrived first); its satisfaction in any case."""
    updates: dict[str, object] = {}
    if change.satisfaction:
        updates["satisfaction"] = change.satisfaction
    if change.status and (view.status_at is None or view.status_at <= at):
        updates.update(status=change.status, status_at=at)
        if change.unit_name:
            updates.update(unit_id=change.unit_id, unit_name=change.unit_name)
        if change.merged_into_ticket:
            updates["merged_into_ticket"] = change.merged_into_ticket
    if change.reply and (view.reply_at is None or view.reply_at <= at):
        updates.update(reply=change.reply, reply_at=at)
    return replace(view, **updates)  # type: ignore[arg-type]  # the keys are View's fields


def open311_status(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"
