"""Response and resolution deadlines: the most specific matching rule of the district, counted on
the working-day calendar (调休 included) or as plain durations; and the timers that watch them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from minqing_contracts.events.routing import DeadlineKind
from minqing_contracts.org import DeadlineRule, parse_duration
from minqing_kit.workcalendar import WorkCalendar

ClockKind = Literal["acceptance", "response", "resolution", "contact"]  # acceptance, contact: domain/acceptance.py


@dataclass(frozen=True)
class Deadlines:
    response: datetime
    resolution: datetime
    rule: DeadlineRule


@dataclass(frozen=True)
class Timer:
    """Something the scheduler must do at ``due_at`` unless the case has moved on (stage changed)."""

    kind: str  # remind | supervise | escalate
    deadline_kind: ClockKind  # acceptance | response | resolution
    deadline: datetime
    due_at: datetime
    stage: int = 0  # the case's stage when the timer was set
    part_id: str | None = None  # a joint part's deadline: watched whatever the case's stage


def rule_level(level: str) -> str:
    return "district" if level == "triage" else level


def select_rule(rules: list[DeadlineRule], category: str, level: str, urgent: bool) -> DeadlineRule:
    """Urgent cases take urgent rules first; then a rule naming the category beats '*'; then the level."""
    level = rule_level(level)
    matching = [
        r for r in rules if r.category in (category, "*") and r.level in (level, "*") and (urgent or not r.urgent)
    ]
    if not matching:
        raise LookupError(f"no deadline rule for {category} at {level}")
    return max(matching, key=lambda r: (r.urgent, r.category != "*", r.level != "*"))


def compute(
    calendar: WorkCalendar, rules: list[DeadlineRule], category: str, level: str, urgent: bool, start: datetime
) -> Deadlines:
    rule = select_rule(rules, category, level, urgent)
    return Deadlines(calendar.deadline(start, rule.response), calendar.deadline(start, rule.resolution), rule)


def first_timers(deadlines: Deadlines, start: datetime, stage: int, include_response: bool = True) -> list[Timer]:
    """The first timer of each deadline: the reminder (remind_before ahead), else the supervision."""
    made = []
    kinds: list[tuple[DeadlineKind, datetime]] = [("resolution", deadlines.resolution)]
    if include_response:
        kinds.insert(0, ("response", deadlines.response))
    for kind, deadline in kinds:
        remind_at = minus(deadline, deadlines.rule.remind_before)
        made.append(
            Timer("remind", kind, deadline, remind_at, stage)
            if remind_at > start
            else Timer("supervise", kind, deadline, deadline, stage)
        )
    return made


def next_timer(calendar: WorkCalendar, rule: DeadlineRule, timer: Timer, escalate_after: str | None) -> Timer | None:
    """Reminder → supervision (督办) when the deadline passes → escalation a further period later
    (``escalate_after``, or the deadline's own duration again) → nothing."""
    if timer.kind == "remind":
        return Timer("supervise", timer.deadline_kind, timer.deadline, timer.deadline, timer.stage)
    if timer.kind == "supervise":
        duration = escalate_after or (rule.response if timer.deadline_kind == "response" else rule.resolution)
        due = calendar.deadline(timer.deadline, duration)
        return Timer("escalate", timer.deadline_kind, timer.deadline, due, timer.stage)
    return None


def minus(deadline: datetime, duration: str) -> datetime:
    """The deadline minus a plain duration; a working-day reminder counts back as whole days."""
    amount, unit = parse_duration(duration)
    delta = {
        "wd": timedelta(days=amount),
        "d": timedelta(days=amount),
        "h": timedelta(hours=amount),
        "m": timedelta(minutes=amount),
    }[unit]
    return deadline - delta
