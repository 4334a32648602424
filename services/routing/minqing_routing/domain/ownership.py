"""包案: a named leader owns a case and acts on it. The owner sees it on their list, hears its reminders,
督办 and escalations (notify, from ``case.owner_assigned.v1``), may set an earlier resolution deadline,
dispatch it to a unit at or below their own, and signs off its resolution: the unit's answer to an
owned case is a **proposal** until the owner approves it (then it is the reply, ``signed_off_by``) or
sends it back with a reason. A coordination meeting's adopted decision (evaluation's meetings, which
the owner convenes there) is the reply without a sign-off: the meeting is where the owner decided."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.events import routing as ev
from minqing_contracts.events.base import Actor

from . import deadlines, joint
from .case import Case, Effects, Part, Proposal, Refused
from .casework import Casework


def take(work: Casework, case: Case, actor: Actor) -> Effects:
    """The leader takes the case; it shows on their list and in the audit trail."""
    case.require_open()
    case.owner_id = actor.id
    effects = work.record_progress(case, actor, f"{actor.name or actor.id} 包案", True, "owner_assigned")
    effects.events.append(
        ev.CaseOwnerAssigned(
            ticket=case.ticket,
            **work.unit_fields(case.unit_id),
            owner_person_id=actor.id or "",
            owner_name=actor.name,
            owner_unit_id=actor.unit_id,
            actor=actor,
        )
    )
    return effects


def tighten(work: Casework, case: Case, actor: Actor, deadline: datetime, reason: str, now: datetime) -> Effects:
    """An earlier resolution deadline than the case has, still in the future: new timers watch it (the
    old ones, set for the later deadline, find it moved and do nothing)."""
    case.require_open()
    previous = case.resolution_deadline
    if deadline <= now or (previous is not None and deadline >= previous):
        raise Refused(
            "deadline_not_tighter",
            "the new deadline must be in the future and earlier than the case's",
            "新的办理时限须晚于现在且早于原时限",
            422,
        )
    case.resolution_deadline = deadline
    rule = deadlines.select_rule(work.org.config.deadlines, case.category, case.level, case.urgent)
    watched = deadlines.Deadlines(case.response_deadline or deadline, deadline, rule)
    effects = Effects(timers=deadlines.first_timers(watched, now, case.stage, include_response=False))
    effects.events.append(
        ev.CaseDeadlineTightened(
            ticket=case.ticket,
            **work.unit_fields(case.unit_id),
            resolution_deadline=deadline,
            previous_deadline=previous,
            reason=reason,
            actor=actor,
        )
    )
    effects.step(case, "tighten_deadline", actor, case.state, f"resolution deadline {deadline.isoformat()}: {reason}")
    return effects


def propose(work: Casework, case: Case, parts: list[Part], actor: Actor, outcome: ev.Outcome, reply: str) -> Effects:
    """The unit's answer to an owned case waits for the owner (the same checks as a resolution)."""
    case.require_open()
    require_reply(reply)
    still_open = joint.open_parts(parts)
    if still_open:
        raise Refused(
            "parts_open", f"{still_open} part(s) of the joint case are not done", f"联办事项还有{still_open}项未完成"
        )
    case.proposal = Proposal(outcome, reply.strip(), actor)
    effects = Effects()
    effects.events.append(
        ev.CaseResolutionProposed(
            ticket=case.ticket,
            **work.unit_fields(case.unit_id),
            outcome=outcome,
            owner_person_id=case.owner_id or "",
            actor=actor,
        )
    )
    effects.step(case, "propose_resolution", actor, case.state, f"{outcome}: {reply.strip()}")
    return effects


def sign_off(
    work: Casework, case: Case, parts: list[Part], owner: Actor, approve: bool, note: str, now: datetime
) -> Effects:
    """Approved: the proposal is the reply, resolved by the unit that wrote it and signed by the owner.
    Sent back: the unit answers again, with the owner's reason on the trail."""
    case.require_open()
    proposal = case.proposal
    if proposal is None:
        raise Refused("no_proposal", "the unit has not proposed an answer yet", "承办单位尚未提交答复")
    case.proposal = None
    if not approve:
        effects = Effects()
        effects.step(case, "reject_resolution", owner, case.state, note)
        return effects
    effects = joint.resolve(work, case, parts, proposal.by, proposal.outcome, proposal.reply, now)  # type: ignore[arg-type]
    effects.events = [
        e.model_copy(update={"signed_off_by": owner}) if isinstance(e, ev.CaseResolved) else e for e in effects.events
    ]
    effects.step(case, "sign_off", owner, "accepted", note)
    return effects


def require_reply(reply: str) -> None:
    """No case closes without a reply the resident, their first-contact owner and proxy can read."""
    if not reply.strip():
        raise Refused("reply_required", "a case is closed only with a reply", "办结须填写答复内容", 422)
