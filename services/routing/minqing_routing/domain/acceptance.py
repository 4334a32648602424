"""Acceptance clocks (签收时限): how long a unit has to sign for a case dispatched to it, counted from
the dispatch, not from 签收 (Tianjin's 15 minutes where life or property is at risk, 30 minutes for
water, power, gas and heat, one working day otherwise; per district in ``acceptance``). Reminded,
supervised (督办) and escalated like the response and resolution deadlines, and only while the case
waits for 签收. After 签收, the first contact with the resident (首次联系, ``first_contact``, Shenzhen's
24 hours) is reminded and supervised until the handler records it."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.org import AcceptanceRule
from minqing_kit.workcalendar import WorkCalendar

from .deadlines import ClockKind, Timer, minus

CONTACT_REMIND_BEFORE = "4h"


def select(rules: list[AcceptanceRule], category: str, urgent: bool) -> AcceptanceRule:
    """Urgent rules first (for urgent cases only); then a rule naming the category beats '*'."""
    matching = [r for r in rules if r.category in (category, "*") and (urgent or not r.urgent)]
    if not matching:
        raise LookupError(f"no acceptance rule for {category}")
    return max(matching, key=lambda r: (r.urgent, r.category != "*"))


def deadline(calendar: WorkCalendar, rule: AcceptanceRule, start: datetime) -> datetime:
    return calendar.deadline(start, rule.accept, working_hours=rule.working_hours)


def first_timer(rule: AcceptanceRule, due: datetime, start: datetime, stage: int) -> Timer:
    """The reminder ``remind_before`` ahead, else (too close already) the supervision at the deadline."""
    return _first("acceptance", rule.remind_before, due, start, stage)


def first_contact_timer(due: datetime, start: datetime, stage: int) -> Timer:
    """首次联系 (Shenzhen: within 24 h of 签收): reminded ``CONTACT_REMIND_BEFORE`` ahead, then supervised."""
    return _first("contact", CONTACT_REMIND_BEFORE, due, start, stage)


def _first(kind: ClockKind, remind_before: str, due: datetime, start: datetime, stage: int) -> Timer:
    remind_at = minus(due, remind_before)
    if remind_at > start:
        return Timer("remind", kind, due, remind_at, stage)
    return Timer("supervise", kind, due, due, stage)


def next_timer(
    calendar: WorkCalendar, rule: AcceptanceRule | None, timer: Timer, escalate_after: str | None
) -> Timer | None:
    """Reminder → supervision at the deadline → escalation a further period later (``escalate_after``,
    or the acceptance time again, in working hours where the rule counts them) → nothing. The first
    contact stops at its supervision: the case stays where it is."""
    if timer.kind == "remind":
        return Timer("supervise", timer.deadline_kind, timer.deadline, timer.deadline, timer.stage)
    if timer.kind == "supervise" and rule is not None:
        due = calendar.deadline(timer.deadline, escalate_after or rule.accept, working_hours=rule.working_hours)
        return Timer("escalate", "acceptance", timer.deadline, due, timer.stage)
    return None
