"""How routing's and evaluation's events change the public view of a case (公示).

Each event maps to an optional new status and unit, an optional reply and one step. A status is
applied only if the event happened after the event that set the current status, so an event that
arrives late (a 'dispatched' delivered after 'resolved') adds its step but does not move the case back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


OPEN_STATUSES = ("received", "dispatched", "accepted", "returned", "escalated", "reopened")
CLOSED_STATUSES = ("resolved", "closed", "merged")


def _unit(payload: object) -> tuple[str | None, str | None]:
    return getattr(payload, "unit_id", None), getattr(payload, "unit_name", None)


def _rating(payload: evaluation.CaseRated | evaluation.CaseClosed) -> str:
    """The resident's overall answer as they gave it: 说不清 ('unclear') travels as not_satisfied."""
    return "unclear" if payload.unclear else payload.satisfaction


CHANGES: dict[type, Callable[..., Change]] = {  # payload class -> what it does to the view
    ev.CaseDispatched: lambda p: Change("dispatched", *_unit(p), "dispatched", None),
    ev.CaseAccepted: lambda p: Change("accepted", *_unit(p), "accepted", None),
    ev.CaseReturned: lambda p: Change("returned", None, None, "returned", p.reason),
    ev.CaseEscalated: lambda p: Change("escalated", *_unit(p), "escalated", p.reason),
    ev.CaseProgressRecorded: lambda p: Change(None, None, None, p.kind, p.note, public=p.public),
    ev.CaseResolved: lambda p: Change("resolved", *_unit(p), p.outcome, p.reply, reply=p.reply),
    ev.CaseReopened: lambda p: Change("reopened", *_unit(p), "reopened", p.reason),
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


def open311_status(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"
