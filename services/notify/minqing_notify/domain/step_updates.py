"""Step SMS (办理进展短信): a message on each public step of a case to the resident who asked for them
(办理有进展时短信通知我), paced so that a busy case does not flood their phone.

- A step SMS waits ``burst`` before it is due; a later step of the same case meanwhile replaces it (a
  dispatch followed by 签收 within minutes sends one message, the latest step's), keeping its due time.
- At most ``per_day`` step SMS of one case go out per local day; the next waits until the next day
  (and a later step replaces it there too).
- Quiet hours and the hourly per-phone limit apply at send time as to every resident SMS.

Pure functions of an injected "now": no database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

STEP_UPDATES_REF = "step_updates"  # the recipient_ref of a step SMS's delivery: the case's reporter, opted in
GONE = ("sending", "sent")  # an earlier step SMS that counts against the day's cap


@dataclass(frozen=True)
class EarlierStepSms:
    """A step SMS already planned for the same case and channel."""

    id: str
    status: str  # pending | sending | sent (skipped and failed ones are not asked for)
    due_at: datetime  # next_attempt_at
    sent_at: datetime | None


@dataclass(frozen=True)
class StepSmsPlan:
    due_at: datetime
    replaces: tuple[str, ...] = ()  # the pending step SMS this one replaces (marked skipped)
    note: str | None = None  # why it waits, for the delivery log


def plan_step_sms(
    now: datetime, earlier: list[EarlierStepSms], *, tz: str, per_day: int, burst: timedelta
) -> StepSmsPlan:
    """When the new step SMS is due and which waiting ones it replaces."""
    waiting = [e for e in earlier if e.status == "pending"]
    if waiting:
        due = min(e.due_at for e in waiting)
        return StepSmsPlan(due, tuple(e.id for e in waiting), "replaces an earlier step not sent yet")
    due = now + burst
    zone = ZoneInfo(tz)
    day = due.astimezone(zone).date()
    gone = [e for e in earlier if e.status in GONE and _day(e.sent_at or e.due_at, zone) == day]
    if len(gone) >= per_day:
        tomorrow = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        return StepSmsPlan(tomorrow, note=f"at most {per_day} step SMS per case a day: deferred to the next day")
    return StepSmsPlan(due)


def _day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


RESOLVED_ZH = {"reply": "已答复", "explanation": "已作出解释说明"}


def resident_step(payload: Any, steps_zh: dict[str, str]) -> str:
    """What the resident's message says happened, in plain Chinese (答复 or 解释 for a resolution)."""
    event_type = getattr(payload, "EVENT_TYPE", "")
    if event_type == "case.resolved.v1":
        return RESOLVED_ZH.get(getattr(payload, "outcome", ""), steps_zh[event_type])
    return steps_zh.get(event_type, "有新进展")
