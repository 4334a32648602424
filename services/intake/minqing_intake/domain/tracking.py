"""How routing's and evaluation's events change the public view of a case (公示).

Each event maps to an optional new status and unit, an optional reply and one step. A status is
applied only if the event happened after the event that set the current status, so an event that
arrives late (a 'dispatched' delivered after 'resolved') adds its step but does not move the case back.
"""
from __future__ import annotations

from dataclasses import dataclass


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


def change_for(event_type: str, payload) -> Change | None:
    """What an event does to the view; None for a type intake does not track."""
    name = event_type.rsplit(".", 1)[0]
    unit = (getattr(payload, "unit_id", None), getattr(payload, "unit_name", None))
    if name == "case.dispatched":
        return Change("dispatched", *unit, "dispatched", None)
    if name == "case.accepted":
        return Change("accepted", *unit, "accepted", None)
    if name == "case.returned":
        return Change("returned", None, None, "returned", payload.reason)
    if name == "case.escalated":
        return Change("escalated", *unit, "escalated", payload.reason)
    if name == "case.progress_recorded":
        return Change(None, None, None, payload.kind, payload.note, public=payload.public)
    if name == "case.resolved":
        return Change("resolved", *unit, payload.outcome, payload.reply, reply=payload.reply)
    if name == "case.reopened":
        return Change("reopened", *unit, "reopened", payload.reason)
    if name == "case.merged":
        return Change("merged", None, None, "merged", payload.into_ticket, merged_into_ticket=payload.into_ticket)
    if name == "case.closed":
        return Change("closed", None, None, "closed", None, satisfaction=payload.satisfaction)
    if name == "case.rated":
        return Change(None, None, None, "rated", payload.satisfaction, satisfaction=payload.satisfaction)
    return None


def open311_status(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"
