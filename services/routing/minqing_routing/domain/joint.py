"""Joint handling (联办会办): a lead unit (主办) and co-handlers (协办), each with a part and a deadline.
A co-handler accepts or declines with a reason; the coordinator (the dispatcher above the lead)
reassigns or drops a declined part; the lead resolves only when every other part is done. The parts
opened go in ``Effects.new_parts``, the parts answered, decided or completed in ``changed_parts``.

Across districts (跨区联办, ``agreements``): a part at a partner district's unit runs by that district's
calendar, rules and tree; the events about it name both districts and a copy goes to the partner's stream
(``Effects.elsewhere``) with only what concerns the partner: the lead's part and its own."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from minqing_contracts.events import routing as ev
from minqing_contracts.events.base import SYSTEM, Actor
from minqing_contracts.org import DeadlineRule

from . import agreements, deadlines, dispatch, joint_deadlines
from .case import Case, Effects, Part, Refused
from .casework import Casework
from .deadlines import Timer

DONE = ("completed", "dropped")
MERGED_INTO_LEAD = "并入主办事项"  # the note of a co-handler part merged into the lead's (``lead_moved``)


def open_parts(parts: list[Part]) -> int:
    return sum(1 for p in parts if not p.lead and p.status not in DONE)


def _part(work: Casework, case: Case, unit_id: str, task: str, now: datetime, lead: bool = False) -> Part:
    """A part due by its unit's resolution rule, on the calendar of the district the unit is in."""
    here = agreements.work_for_unit(work, case, unit_id)
    return _part_in(work, here, case, unit_id, task, now, lead)


def _part_in(
    work: Casework, here: Casework, case: Case, unit_id: str, task: str, now: datetime, lead: bool = False
) -> Part:
    level = here.org.unit(unit_id).level
    found = deadlines.compute(here.calendar, here.org.config.deadlines, case.category, level, case.urgent, now)
    district = None if here is work else here.org.code
    return Part(str(uuid.uuid4()), unit_id, task, found.resolution, lead, "accepted" if lead else "open", "", district)


def _joint_part(work: Casework, part: Part) -> ev.JointPart:
    return ev.JointPart(
        part_id=part.part_id,
        unit_id=part.unit_id,
        unit_name=agreements.unit_of(work, part).name,
        task=part.task,
        deadline=part.deadline,
        lead=part.lead,
        district_id=part.district,
    )


def open_joint(
    work: Casework,
    case: Case,
    co_handlers: list[tuple[str, str]],
    lead_task: str,
    now: datetime,
    started_by: ev.JointStart,
    actor: Actor,
    extend_reason: str = "",
) -> Effects:
    """Every part is due by the lead's deadline: fitted inside it, or the lead's extended with
    ``extend_reason`` (``joint_deadlines``)."""
    case.require_open()
    if case.joint:
        raise Refused("already_joint", "joint handling is already open", "该诉求已在联办中")
    units = [u for u, _ in co_handlers]
    if not units or case.unit_id in units or len(set(units)) != len(units):
        raise Refused(
            "bad_co_handlers",
            "name co-handling units other than the lead, each once",
            "请指定主办单位以外的协办单位,且不重复",
            422,
        )
    lead = _part(work, case, case.unit_id, lead_task, now, lead=True)
    others = [_part(work, case, unit_id, task, now) for unit_id, task in co_handlers]
    assert case.resolution_deadline is not None  # every dispatch sets it
    own = [p.deadline or case.resolution_deadline for p in others]
    fitted = joint_deadlines.fit(own, case.resolution_deadline, now, extend_reason)
    for part, deadline in zip(others, fitted.parts, strict=True):
        part.deadline = deadline
    effects = Effects()
    if fitted.extended:
        effects.extend(_extend_lead(work, case, fitted.lead, extend_reason.strip(), now, actor))
    lead.deadline, parts = case.resolution_deadline, [lead, *others]
    case.joint = True
    effects.timers += [part_timer(work, case, p, now) for p in others]
    effects.new_parts += parts
    opened = ev.CaseJointOpened(
        ticket=case.ticket,
        lead_unit_id=case.unit_id,
        started_by=started_by,
        actor=actor,
        parts=[_joint_part(work, p) for p in parts],
        districts=agreements.districts_of(case, others),
    )
    effects.events.append(opened)
    for district in opened.districts[1:]:  # each partner hears of the lead's part and its own, nothing else
        shown = [p for p in opened.parts if p.lead or p.district_id == district]
        effects.elsewhere.append(
            (district, opened.model_copy(update={"parts": shown, "districts": [case.district, district]}))
        )
    effects.step(case, "joint_open", actor, case.state, f"{started_by}: {', '.join(units)}")
    return effects


def _extend_lead(work: Casework, case: Case, deadline: datetime, reason: str, now: datetime, actor: Actor) -> Effects:
    """The lead's resolution deadline moved to ``deadline``: new timers watch it (the old ones find the
    deadline moved and do nothing) and the step records the reason."""
    case.resolution_deadline = deadline
    rule = deadlines.select_rule(work.org.config.deadlines, case.category, case.level, case.urgent)
    assert case.response_deadline is not None
    watched = deadlines.Deadlines(case.response_deadline, deadline, rule)
    effects = Effects(timers=deadlines.first_timers(watched, now, case.stage, include_response=False))
    effects.step(case, "extend_deadline", actor, case.state, f"resolution deadline {deadline.isoformat()}: {reason}")
    return effects


def answer(work: Casework, case: Case, part: Part, actor: Actor, accept: bool, reason: str) -> Effects:
    case.require_open()
    if part.status != "open":
        raise Refused("part_answered", f"the part is {part.status}", "该协办事项已答复")
    part.status, part.note = ("accepted", "") if accept else ("declined", reason)
    if accept:
        effects = Effects(changed_parts=[part])
        effects.step(case, "part_accept", actor, case.state, part.task)
        return effects
    effects = work.record_progress(
        case, actor, f"协办单位{agreements.unit_of(work, part).name}拒绝协办: {reason}", False, "coordination"
    )
    effects.changed_parts.append(part)
    return effects


def decide(
    work: Casework,
    case: Case,
    part: Part,
    actor: Actor,
    new_unit_id: str | None,
    now: datetime,
    parts: Sequence[Part],
) -> Effects:
    """The coordinator reassigns a declined part to another unit, or drops it. A unit holds one part of a
    case at most (``parts``: the case's): a unit that already holds one (the lead's, or a co-handler's
    open, answered or completed; a dropped one is held no more) is refused with 409 ``unit_holds_part``
    naming it. Refused rather than passed over as an escalation does: the coordinator named that unit,
    and no other unit is the next one of a choice."""
    case.require_open()
    if part.status != "declined":
        raise Refused(
            "part_not_declined",
            "only a declined part can be reassigned or dropped",
            "只有被拒绝的协办事项可以改派或撤销",
        )
    if new_unit_id is None:
        part.status = "dropped"
        effects = work.record_progress(case, actor, f"撤销协办事项: {part.task}", False, "coordination")
        effects.changed_parts.append(part)
        return effects
    fresh = _part(work, case, new_unit_id, part.task, now)
    if (fresh.district, fresh.unit_id) in _held(parts, part):
        name = agreements.unit_of(work, fresh).name
        raise Refused(
            "unit_holds_part",
            f"{name} ({fresh.unit_id}) already holds a part of this case: choose another unit, or drop the part",
            f"{name}({fresh.unit_id})已承担该诉求的一项办理事项,请改派其他单位或撤销该协办事项",
        )
    return _move(work, case, part, fresh, actor, "协办事项改派至{unit}: {task}", now)


def _held(parts: Sequence[Part], part: Part) -> set[tuple[str | None, str]]:
    """The units (district, unit) holding a part of the case other than ``part``: the lead and every
    co-handler part not dropped."""
    return {(p.district, p.unit_id) for p in parts if p.part_id != part.part_id and p.status != "dropped"}


def _move(work: Casework, case: Case, part: Part, fresh: Part, actor: Actor, note: str, now: datetime) -> Effects:
    """The part handed to ``fresh``'s unit, due by its own rule but never after the lead; open again for
    that unit to answer, with new timers; ``note`` (``{unit}``, ``{task}``) is the coordination step."""
    assert fresh.deadline is not None
    part.unit_id, part.district, part.status, part.note = fresh.unit_id, fresh.district, "open", ""
    part.deadline = joint_deadlines.within_lead(fresh.deadline, case.resolution_deadline)
    text = note.format(unit=agreements.unit_of(work, part).name, task=part.task)
    effects = work.record_progress(case, actor, text, False, "coordination")
    effects.changed_parts.append(part)
    effects.timers.append(part_timer(work, case, part, now))
    return effects


def _rule(work: Casework, case: Case, part: Part) -> DeadlineRule:
    """The deadline rule a part runs by: its district's, for its unit's level there."""
    here = agreements.work_of(work, part)
    return deadlines.select_rule(
        here.org.config.deadlines, case.category, here.org.unit(part.unit_id).level, case.urgent
    )


def part_timer(work: Casework, case: Case, part: Part, now: datetime) -> Timer:
    """A co-handler's part watched like a case's resolution deadline, by the rule of the district the part
    runs by: reminded ``remind_before`` ahead (or supervised at once when that has passed), then supervised
    at its deadline, then escalated (``next_part_timer``)."""
    assert part.deadline is not None  # a part is made with its unit's resolution deadline
    watched = deadlines.Deadlines(part.deadline, part.deadline, _rule(work, case, part))
    [first] = deadlines.first_timers(watched, now, case.stage, include_response=False)
    return replace(first, part_id=part.part_id)


def next_part_timer(work: Casework, case: Case, part: Part, timer: Timer) -> Timer | None:
    """Reminder → supervision at the deadline → escalation ``escalate_after`` (or the part's resolution
    duration) later, counted on the calendar of the part's district."""
    here = agreements.work_of(work, part)
    following = deadlines.next_timer(here.calendar, _rule(work, case, part), timer, here.escalate_after)
    return replace(following, part_id=part.part_id) if following else None


def on_part_timer(
    work: Casework, case: Case, part: Part, timer: Timer, now: datetime, parts: Sequence[Part] = ()
) -> Effects:
    """A co-handler's part still not done (and not since reassigned): a reminder before its deadline, a
    supervision notice at it, and an escalation after (``_escalate``; ``parts``: the case's, so that it
    passes over a unit holding one). The case district's part is supervised by the lead unit; a partner
    district's by that district (the unit above it there), its reminder and notice on that district's
    stream alone."""
    if not case.is_open or part.status in DONE or part.status == "declined" or part.deadline != timer.deadline:
        return Effects()
    if timer.kind == "escalate":
        return _escalate(work, case, part, now, parts)
    here = agreements.work_of(work, part)
    unit = here.org.unit(part.unit_id)
    notice: ev.DeadlineApproaching | ev.CaseSupervised
    if timer.kind == "remind":
        notice = ev.DeadlineApproaching(
            ticket=case.ticket,
            **here.unit_fields(unit.id),
            deadline_kind="resolution",
            deadline=timer.deadline,
            actor=SYSTEM,
            districts=agreements.districts_of(case, [part]),
        )
    else:
        above = dispatch.level_above(here.org, unit.id) if part.district else None
        notice = ev.CaseSupervised(
            ticket=case.ticket,
            **here.unit_fields(unit.id),
            deadline_kind="resolution",
            deadline=timer.deadline,
            supervisor_unit_id=(above.id if above else None) if part.district else case.unit_id,
            notice=f"协办事项已超期: {part.task}",
            actor=SYSTEM,
            districts=agreements.districts_of(case, [part]),
        )
    effects = Effects()
    if part.district:
        effects.elsewhere.append((part.district, notice))
    else:
        effects.events.append(notice)
    if timer.kind == "supervise":
        effects.step(case, "supervise_part", SYSTEM, case.state, f"{unit.id}: {part.task}")
    following = next_part_timer(work, case, part, timer)
    if following is not None:
        effects.timers.append(following)
    return effects


def _escalate(work: Casework, case: Case, part: Part, now: datetime, parts: Sequence[Part]) -> Effects:
    """A part still not done well after its supervision goes up a level (上报) in its own district's tree:
    the unit above holds it, due by its level's rule but never after the lead, and must answer it. A unit
    holds one part of a case at most, so a unit above that already holds one (open, answered or done) is
    passed over for the next one up. At the top, or where the way up reaches the lead itself (which
    already supervises the part), nothing."""
    here = agreements.work_of(work, part)
    holding = _held(parts, part)
    above = dispatch.level_above(here.org, part.unit_id)
    while above is not None and not _is_lead(case, part, above.id) and (part.district, above.id) in holding:
        above = dispatch.level_above(here.org, above.id)
    if above is None or _is_lead(case, part, above.id):
        return Effects()
    fresh = _part_in(work, here, case, above.id, part.task, now)
    return _move(work, case, part, fresh, SYSTEM, "协办事项超期未办,上报至{unit}: {task}", now)


def _is_lead(case: Case, part: Part, unit_id: str) -> bool:
    return part.district is None and unit_id == case.unit_id


def lead_moved(work: Casework, case: Case, parts: list[Part], actor: Actor) -> Effects:
    """The case, and its lead part with it, went to a unit that holds a co-handler part not done yet (an
    escalation to the unit above, a return that went up a level, a ruling or a dispatch there): that part
    merges into the lead's. Its task joins the lead part's, it is closed (``dropped``, note 并入主办事项: no
    longer an open part the lead must wait for), and a coordination step says so. A part that unit already
    completed stays as the record of its work. Nothing for a case that is not joint or kept its parts apart."""
    lead = next((p for p in parts if p.lead), None)
    merged = [
        p for p in parts if not p.lead and p.district is None and p.unit_id == case.unit_id and p.status not in DONE
    ]
    if not case.joint or lead is None or not merged:
        return Effects()
    lead.unit_id = case.unit_id
    lead.task = "; ".join([lead.task, *(p.task for p in merged)])
    for part in merged:
        part.status, part.note = "dropped", MERGED_INTO_LEAD
    name = work.org.unit(case.unit_id).name
    tasks = "; ".join(p.task for p in merged)
    effects = work.record_progress(case, actor, f"{name}承办本案,其协办事项并入主办: {tasks}", False, "coordination")
    effects.changed_parts += [lead, *merged]
    return effects


def complete(work: Casework, case: Case, part: Part, actor: Actor, summary: str) -> Effects:
    case.require_open()
    if part.lead or part.status != "accepted":
        raise Refused(
            "part_not_accepted",
            "accept the part before completing it (the lead resolves the case)",
            "请先签收协办事项(主办单位通过办结诉求完成)",
        )
    part.status, part.note = "completed", summary
    effects = Effects(changed_parts=[part])
    done = ev.CasePartCompleted(
        ticket=case.ticket,
        part_id=part.part_id,
        unit_id=part.unit_id,
        unit_name=agreements.unit_of(work, part).name,
        summary=summary,
        actor=actor,
        lead_unit_id=case.unit_id,
        districts=agreements.districts_of(case, [part]),
    )
    effects.events.append(done)  # the lead's district: its handlers finish the case
    if part.district:
        effects.elsewhere.append((part.district, done))
    effects.step(case, "part_complete", actor, case.state, summary)
    return effects


def resolve(
    work: Casework, case: Case, parts: list[Part], actor: Actor, outcome: ev.Outcome, reply: str, now: datetime
) -> Effects:
    """The lead answers the case, once every other part is done; its own part is then completed."""
    effects = work.resolve(case, actor, outcome, reply, now, open_parts(parts))
    for part in parts:
        if part.lead:
            part.status = "completed"
            effects.changed_parts.append(part)
    return effects
