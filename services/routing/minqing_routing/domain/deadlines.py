"""Response and resolution deadlines: the most specific matching rule of the district, counted on
the working-day calendar (调休 included) or as plain durations; and the timers that watch them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from minqing_contracts.org import DeadlineRule, parse_duration
from minqing_kit.workcalendar import WorkCalendar


@dataclass(frozen=True)
class Deadlines:
    response: datetime
    resolution: datetime
    rule: DeadlineRule


@dataclass(frozen=True)
class Timer:
    """Something the scheduler must do at ``due_at`` unless the case has moved on (stage changed)."""

    kind: str  # remind | supervise | escalate
    deadline_kind: str  # response | resolution
    deadline: datetime
    due_at: datetime


def rule_level(level: str) -> str:
    return "district" if level == "triage" else level


def select_rule(rules: list[DeadlineRule], category: str, level: str, urgent: bool) -> DeadlineRule:
    """Urgent cases take urgent rules first; then a rule naming the category beats '*'; then the level."""
    level = rule_level(level)
    matching = [r for r in rules if r.category in (category, "*") and r.level in (level, "*")
                and (urgent or not r.urgent)]
    if not matching:
        raise LookupError(f"no deadline rule for {category} at {level}")
    return max(matching, key=lambda r: (r.urgent, r.category != "*", r.level != "*"))


def compute(calendar: WorkCalendar, rules: list[DeadlineRule], category: str, level: str, urgent: bool,
            start: datetime) -> Deadlines:
    rule = select_rule(rules, category, level, urgent)
    return Deadlines(calendar.deadline(start, rule.response), calendar.deadline(start, rule.resolution), rule)


def timers(calendar: WorkCalendar, deadlines: Deadlines, start: datetime, escalate_after: str | None,
           include_response: bool = True) -> list[Timer]:
    """Reminder before each deadline, supervision (督办) when it passes, escalation a further period later
    (``escalate_after``, or the deadline's own duration again)."""
    rule, made = deadlines.rule, []
    pairs = [("resolution", deadlines.resolution, rule.resolution)]
    if include_response:
        pairs.insert(0, ("response", deadlines.response, rule.response))
    for kind, deadline, duration in pairs:
        remind_at = _minus(deadline, rule.remind_before)
        if remind_at > start:
            made.append(Timer("remind", kind, deadline, remind_at))
        made.append(Timer("supervise", kind, deadline, deadline))
        made.append(Timer("escalate", kind, deadline, calendar.deadline(deadline, escalate_after or duration)))
    return made


def _minus(deadline: datetime, duration: str) -> datetime:
    """The deadline minus a plain duration; a working-day reminder counts back as whole days."""
    amount, unit = parse_duration(duration)
    delta = {"wd": timedelta(days=amount), "d": timedelta(days=amount), "h": timedelta(hours=amount),
             "m": timedelta(minutes=amount)}[unit]
    return deadline - delta
