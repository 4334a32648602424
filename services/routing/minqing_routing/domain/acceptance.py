"""Acceptance clocks (签收时限): how long a unit has to sign for a case dispatched to it, counted from
the dispatch, not from 签收 (Tianjin's 15 minutes where life or property is at risk, 30 minutes for
water, power, gas and heat, one working day otherwise; per district in ``acceptance``). Reminded,
supervised (督办) and escalated like the response and resolution deadlines, and only while the case
waits for 签收."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.org import AcceptanceRule
from minqing_kit.workcalendar import WorkCalendar

from .deadlines import Timer, minus


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
    remind_at = minus(due, rule.remind_before)
    if remind_at > start:
        return Timer("remind", "acceptance", due, remind_at, stage)
    return Timer("supervise", "acceptance", due, due, stage)


def next_timer(calendar: WorkCalendar, rule: AcceptanceRule, timer: Timer, escalate_after: str | None) -> Timer | None:
    """Reminder → supervision at the deadline → escalation a further period later (``escalate_after``,
    or the acceptance time again, in working hours where the rule counts them) → nothing."""
    if timer.kind == "remind":
        return Timer("supervise", "acceptance", timer.deadline, timer.deadline, timer.stage)
    if timer.kind == "supervise":
        due = calendar.deadline(timer.deadline, escalate_after or rule.accept, working_hours=rule.working_hours)
        return Timer("escalate", "acceptance", timer.deadline, due, timer.stage)
    return None
