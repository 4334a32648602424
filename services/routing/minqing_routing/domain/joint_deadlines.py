"""A joint case's deadlines (联办期限): no co-handler's part is due after the lead's resolution deadline,
or the case goes overdue by design. Opening joint handling either fits each part's own deadline (its
unit's rule, counted from now) inside the lead's, or, when the opener gives a reason, extends the lead's
deadline to the latest part's; the extension is its own audit step carrying that reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .case import Refused


@dataclass(frozen=True)
class Fitted:
    """Each co-handler's deadline (in the order given) and the lead's, after fitting."""

    parts: list[datetime]
    lead: datetime
    extended: bool


def fit(own: list[datetime], lead: datetime, now: datetime, extend_reason: str = "") -> Fitted:
    """``own``: each part's deadline by its unit's rule; ``lead``: the case's resolution deadline."""
    latest = max(own, default=lead)
    if extend_reason.strip() and latest > lead:
        return Fitted(list(own), latest, True)
    if lead <= now:
        raise Refused(
            "lead_deadline_passed",
            "the lead's resolution deadline has passed: give a reason to extend it to the parts' deadlines",
            "主办单位的办结期限已过,请填写延期理由,将期限延至协办期限",
            422,
        )
    return Fitted([min(d, lead) for d in own], lead, False)


def within_lead(own: datetime, lead: datetime | None) -> datetime:
    """A part opened later (a declined part reassigned): its own deadline, but never after the lead's."""
    return min(own, lead) if lead is not None else own
