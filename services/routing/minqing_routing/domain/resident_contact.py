"""Contacting the resident through the platform, so the number need not be shown (the complainant
firewall, ``firewall``): a short text sent by notify (通过平台短信联系居民), which reads the sealed contact
itself, or a call-back by the hotline (申请热线回拨) with the handler's question and a due time, whose
outcome an operator records (回拨结果). Each is an audit step, limited per case and day, and either
counts as the first contact with the resident (首次联系) where that clock runs.

The steps' reasons are stored in English with the values they carry (``due <iso>: question``,
``reached: outcome``); the workbench's history says them in Chinese (``pages/trail``)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import minqing_contracts.events.routing as ev
from minqing_contracts.events.base import Actor

from .case import Case, Effects, Refused
from .casework import Casework

MESSAGE_MAX = 120  # characters: two SMS segments at most
QUESTION_MAX = 300
OUTCOME_MAX = 500
PER_DAY = {"message_resident": 3, "request_callback": 2}  # steps of each kind per case in 24 hours
WINDOW = timedelta(days=1)  # the limits' 24 hours, counted back from now
CALLBACK_HOURS = 4  # working hours for the hotline to call back
TEMPLATES = {
    "visit": "您好,我们将尽快上门查看您反映的问题,请保持电话畅通。",
    "hotline": "您好,关于您的诉求,12345热线将与您电话联系,请留意来电。",
    "in_progress": "您好,您反映的问题正在办理中,办理结果将及时告知您。",
}


def _text(given: str, most: int, code: str, what: str, what_zh: str) -> str:
    text = " ".join(given.split())
    if not text:
        raise Refused(f"{code}_required", f"write the {what}", f"请填写{what_zh}", 422)
    if len(text) > most:
        raise Refused(f"{code}_too_long", f"the {what} is longer than {most} characters", f"{what_zh}超过{most}字", 422)
    return text


def _within_limit(action: str, recent: list[datetime], now: datetime) -> None:
    """429 once ``recent`` (the case's steps of ``action`` within ``WINDOW``) holds the limit, with the
    seconds until the step whose leaving the window frees a place does so."""
    most = PER_DAY[action]
    if len(recent) < most:
        return
    frees = sorted(recent)[len(recent) - most] + WINDOW
    raise Refused(
        "too_many_contacts",
        f"this case reached its {most} for today: try again tomorrow",
        f"该诉求今日已达{most}次上限,请明天再试",
        429,
        retry_after=max(1, math.ceil((frees - now).total_seconds())),
    )


def chosen_text(typed: str | None, template: str | None) -> str:
    """The SMS's text: what the handler typed, else the chosen template's (``TEMPLATES``), else nothing
    (which ``message`` refuses)."""
    return typed or TEMPLATES.get(template or "", "")


def _reachable(case: Case) -> None:
    """409 when the reporter left no contact (or filed anonymously): notify would have no number to text,
    the hotline none to call. A contact without a phone (an e-mail only) is sealed for notify alone, so
    routing cannot tell it from one with a phone; a case received before routing kept this: not known."""
    if case.contact_on_file is False:
        raise Refused("no_contact", "the resident left no phone number", "该诉求未留联系电话")


def message(work: Casework, case: Case, actor: Actor, text: str, now: datetime, recent: list[datetime]) -> Effects:
    """An SMS to the resident; ``recent``: when this case's messages of the last ``WINDOW`` were sent."""
    case.require_open()
    _reachable(case)
    text = _text(text, MESSAGE_MAX, "text", "text", "短信内容")
    _within_limit("message_resident", recent, now)
    effects = Effects(events=[ev.ResidentMessaged(**_about(work, case, actor), text=text)])
    return _contacted(case, effects, "message_resident", actor, text)


def request_callback(
    work: Casework, case: Case, actor: Actor, question: str, now: datetime, recent: list[datetime]
) -> Effects:
    """A call-back by the hotline within ``CALLBACK_HOURS`` working hours; ``recent`` as for ``message``."""
    case.require_open()
    _reachable(case)
    question = _text(question, QUESTION_MAX, "question", "question", "回拨要问的问题")
    _within_limit("request_callback", recent, now)
    due = work.calendar.deadline(now, f"{CALLBACK_HOURS}h", working_hours=True)
    effects = Effects(events=[ev.CallbackRequested(**_about(work, case, actor), question=question, due_at=due)])
    return _contacted(case, effects, "request_callback", actor, f"due {due.isoformat()}: {question}")


def answer_callback(work: Casework, case: Case, actor: Actor, reached: bool, outcome: str, waiting: bool) -> Effects:
    """The operator's outcome of the case's open call-back (``waiting``: one was asked and not answered)."""
    if not waiting:
        raise Refused("no_callback", "no call-back is waiting on this case", "该诉求没有待回拨的请求", 409)
    outcome = _text(outcome, OUTCOME_MAX, "outcome", "outcome", "回拨结果")
    effects = Effects(events=[ev.CallbackAnswered(**_about(work, case, actor), reached=reached, outcome=outcome)])
    effects.step(case, "answer_callback", actor, case.state, f"{'reached' if reached else 'not reached'}: {outcome}")
    return effects


def _about(work: Casework, case: Case, actor: Actor) -> dict[str, Any]:
    """The fields every one of these events has: the case's ticket and unit, who acted."""
    unit_name = work.org.unit(case.unit_id).name
    return {"ticket": case.ticket, "unit_id": case.unit_id, "unit_name": unit_name, "actor": actor}


def _contacted(case: Case, effects: Effects, action: str, actor: Actor, reason: str) -> Effects:
    case.contact_deadline = None  # 首次联系 done (as a recorded contacted_resident): its timers are moot
    effects.step(case, action, actor, case.state, reason)
    return effects


def callback_asked(reason: str) -> tuple[datetime, str] | None:
    """The due time and question a ``request_callback`` step's reason holds, or None if it is not one."""
    head, colon, question = reason.partition(": ")
    if not colon or not head.startswith("due "):
        return None
    try:
        return datetime.fromisoformat(head[4:]), question
    except ValueError:
        return None
