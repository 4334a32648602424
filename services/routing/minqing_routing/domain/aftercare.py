"""After an answer: reopen (重办) when the resident is not satisfied, and merge of duplicates."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.events import routing as ev
from minqing_contracts.events.base import SYSTEM, Actor

from . import dispatch
from .case import Case, Effects, Refused
from .casework import Casework


def reopen(work: Casework, case: Case, reason: str, now: datetime) -> Effects:
    """Back to the unit that resolved it with a new deadline and a supervision notice; the reopen
    that reaches the district's reopen limit (evaluation asks at most that many times) goes up a
    level instead. A case not resolved is left alone."""
    if case.state != "resolved":
        return Effects()
    effects = Effects()
    case.reopen_count += 1
    resolver = case.resolved_by or case.unit_id
    escalated = case.reopen_count >= work.org.config.evaluation.reopen_limit
    target = dispatch.level_above(work.org, resolver) if escalated else None
    escalated = target is not None
    unit = target or work.org.unit(resolver)
    work._assign(case, unit, now, effects, state="dispatched" if escalated else "accepted")
    effects.events.append(
        ev.CaseReopened(
            ticket=case.ticket,
            unit_id=unit.id,
            unit_name=unit.name,
            level=unit.level,
            reopen_count=case.reopen_count,
            reason=reason,
            resolution_deadline=case.resolution_deadline,
            escalated=escalated,
            actor=SYSTEM,
        )
    )
    effects.step(case, "reopen", SYSTEM, "resolved", reason)
    assert case.resolution_deadline is not None  # _assign has just set it
    return effects.extend(
        work.supervise(
            case, "resolution", case.resolution_deadline, f"居民不满意,第{case.reopen_count}次重办,请在时限内办结"
        )
    )


def merge(case: Case, into: Case, actor: Actor, why: str = "") -> Effects:
    """A case flagged as a duplicate closes into an open one; notify tells both reporters.
    The duplicate's effects carry the open case's too (an audit step naming the duplicate); ``why``,
    when given, ends both steps' reasons ("merged into XL-…; why")."""
    case.require_open()
    if into.id == case.id:
        raise Refused("same_case", "a case cannot be merged into itself", "不能合并到自身", 422)
    if not into.is_open:
        raise Refused("target_closed", "the case to merge into is not open", "目标诉求已办结,不能合并")
    effects, before = Effects(), case.state
    case.state, case.merged_into = "merged", into.id
    effects.events.append(ev.CaseMerged(ticket=case.ticket, into_case_id=into.id, into_ticket=into.ticket, actor=actor))
    because = f"; {why}" if why else ""
    effects.step(case, "merge", actor, before, f"merged into {into.ticket}{because}")
    noted = Effects()
    noted.step(into, "merged_in", actor, into.state, f"{case.ticket} merged into this case{because}")
    effects.other_cases.append((into, noted))
    return effects
