"""The rules of handling a case: dispatch (派单), accept (签收), escalate (上报), resolve (答复/解释),
supervise (督办) and the clocks' timers (returns and rulings: ``returns``; reopen and merge:
``aftercare``). Each mutates the case and returns the events, audit steps and timers that the service
layer writes in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypedDict

from minqing_contracts.events import routing as ev
from minqing_contracts.events.base import SYSTEM, Actor
from minqing_kit.workcalendar import WorkCalendar

from . import acceptance, deadlines, dispatch
from .case import Case, Effects, Refused
from .deadlines import ClockKind, Timer
from .dispatch import Assignment
from .org import DistrictOrg, OrgUnit

NOTICES = {
    "acceptance": "已超过签收时限,请立即签收",
    "contact": "已超过首次联系时限,请立即联系居民",
    "*": "已超过办理时限,请立即办理",
}


class UnitFields(TypedDict):
    """The unit an event is about, as every routing payload names it."""

    unit_id: str
    unit_name: str
    level: ev.Level


class Casework:
    """One district's rules; ``peers`` holds every configured district's, this one's too, for the parts
    a case's agreements let it ask of a partner district (``domain.agreements``)."""

    def __init__(
        self,
        org: DistrictOrg,
        calendar: WorkCalendar,
        escalate_after: str | None = None,
        peers: Mapping[str, Casework] | None = None,
    ):
        self.org, self.calendar, self.escalate_after = org, calendar, escalate_after or None
        self.peers: Mapping[str, Casework] = peers if peers is not None else {org.code: self}

    def unit_fields(self, unit_id: str) -> UnitFields:
        unit = self.org.unit(unit_id)
        return UnitFields(unit_id=unit.id, unit_name=unit.name, level=unit.level)

    def _assign(self, case: Case, unit: OrgUnit, now: datetime, effects: Effects, state: str = "dispatched") -> None:
        case.unit_id, case.level, case.state = unit.id, unit.level, state
        case.stage += 1
        found = deadlines.compute(self.calendar, self.org.config.deadlines, case.category, unit.level, case.urgent, now)
        case.response_deadline, case.resolution_deadline = found.response, found.resolution
        effects.timers += deadlines.first_timers(found, now, case.stage, include_response=state == "dispatched")
        case.dispatched_at, case.acceptance_deadline, case.contact_deadline = now, None, None
        case.proposal = None  # an answer waiting for the 包案 sign-off was the previous unit's
        if state == "dispatched":
            rule = acceptance.select(self.org.config.acceptance, case.category, case.urgent)
            case.acceptance_deadline = acceptance.deadline(self.calendar, rule, now)
            effects.timers.append(acceptance.first_timer(rule, case.acceptance_deadline, now, case.stage))

    def dispatch(
        self, case: Case, assignment: Assignment, now: datetime, actor: Actor = SYSTEM, ruling_reason: str | None = None
    ) -> Effects:
        """派单; with ``ruling_reason``, a ruling (审定) of the dispatcher above, recorded as the step ``rule``."""
        effects, before, cited = Effects(), case.state, assignment.catalogue
        self._assign(case, assignment.unit, now, effects)
        case.catalogue_item, case.catalogue_version = (cited.item_id, cited.version) if cited else (None, None)
        effects.events.append(
            ev.CaseDispatched(
                ticket=case.ticket,
                **self.unit_fields(case.unit_id),
                category=case.category,
                response_deadline=case.response_deadline,
                resolution_deadline=case.resolution_deadline,
                urgent=case.urgent,
                reason=assignment.reason,
                actor=actor,
                acceptance_deadline=case.acceptance_deadline,
                ruling_reason=ruling_reason,
                catalogue_item_id=cited.item_id if cited else None,
                catalogue_version=cited.version if cited else None,
            )
        )
        if ruling_reason is None:
            effects.step(case, "dispatch", actor, before, assignment.reason, cited)
        else:
            effects.step(case, "rule", actor, before, ruling_reason, cited)
        return effects

    def reclassify(
        self, case: Case, category: str, actor: Actor, now: datetime, by_catalogue: Assignment | None = None
    ) -> Effects:
        """Only before anyone signed for it, and only if the category really changed; by the catalogue's
        item for the new category when one applies (``by_catalogue``), else by the rules."""
        if case.state != "dispatched" or case.category == category or case.joint:
            return Effects()
        case.category = category
        target = by_catalogue or dispatch.first_assignment(self.org, category, case.place)
        return self.dispatch(case, Assignment(target.unit, "reclassified", catalogue=target.catalogue), now, actor)

    def accept(self, case: Case, actor: Actor, now: datetime) -> Effects:
        if case.state != "dispatched":
            raise Refused("not_awaiting_acceptance", f"the case is {case.state}", "该诉求不在待签收状态")
        effects = Effects()
        assert case.response_deadline is not None  # set by the dispatch that made it "dispatched"
        case.state = "accepted"
        waited = int((now - case.dispatched_at).total_seconds()) if case.dispatched_at else None
        effects.events.append(
            ev.CaseAccepted(
                ticket=case.ticket,
                **self.unit_fields(case.unit_id),
                within_response_deadline=now <= case.response_deadline,
                resolution_deadline=case.resolution_deadline,
                actor=actor,
                seconds_to_accept=waited,
                within_acceptance_deadline=now <= case.acceptance_deadline if case.acceptance_deadline else None,
            )
        )
        effects.step(case, "accept", actor, "dispatched")
        if self.org.config.first_contact:
            case.contact_deadline = self.calendar.deadline(now, self.org.config.first_contact)
            effects.timers.append(acceptance.first_contact_timer(case.contact_deadline, now, case.stage))
        return effects

    def escalate(self, case: Case, actor: Actor, reason: str, now: datetime, automatic: bool = False) -> Effects:
        case.require_open()
        above = dispatch.level_above(self.org, case.unit_id)
        if above is None:
            raise Refused("top_level", "the district is the top level", "已是最高层级,无法上报")
        return self.escalate_to(case, above, actor, reason, now, automatic)

    def escalate_to(
        self, case: Case, unit: OrgUnit, actor: Actor, reason: str, now: datetime, automatic: bool
    ) -> Effects:
        effects, before, origin = Effects(), case.state, self.unit_fields(case.unit_id)
        self._assign(case, unit, now, effects)
        effects.events.append(
            ev.CaseEscalated(
                ticket=case.ticket,
                from_unit=ev.UnitRef(**origin),
                **self.unit_fields(unit.id),
                reason=reason,
                automatic=automatic,
                response_deadline=case.response_deadline,
                resolution_deadline=case.resolution_deadline,
                actor=actor,
            )
        )
        effects.step(case, "escalate", actor, before, reason)
        return effects

    def record_progress(
        self, case: Case, actor: Actor, note: str, public: bool, kind: ev.ProgressKind = "progress"
    ) -> Effects:
        case.require_open()
        effects = Effects()
        unit = actor.unit_id if actor.unit_id in self.org.units else case.unit_id
        if kind == "contacted_resident":
            case.contact_deadline = None  # 首次联系 done: its timers are moot
        effects.events.append(
            ev.CaseProgressRecorded(
                ticket=case.ticket,
                unit_id=unit,
                unit_name=self.org.unit(unit).name,
                note=note,
                public=public,
                kind=kind,
                actor=actor,
            )
        )
        effects.step(case, kind, actor, case.state, note)
        return effects

    def resolve(
        self, case: Case, actor: Actor, outcome: ev.Outcome, reply: str, now: datetime, open_parts: int = 0
    ) -> Effects:
        case.require_open()
        if open_parts:
            raise Refused(
                "parts_open",
                f"{open_parts} part(s) of the joint case are not done",
                f"联办事项还有{open_parts}项未完成",
            )
        effects, before = Effects(), case.state
        assert case.resolution_deadline is not None  # every dispatch sets it
        case.state, case.resolved_by = "resolved", case.unit_id
        effects.events.append(
            ev.CaseResolved(
                ticket=case.ticket,
                **self.unit_fields(case.unit_id),
                outcome=outcome,
                reply=reply,
                on_time=now <= case.resolution_deadline,
                reopen_count=case.reopen_count,
                actor=actor,
            )
        )
        effects.step(case, "resolve", actor, before, f"{outcome}: {reply}")
        return effects

    def on_timer(self, case: Case, timer: Timer, now: datetime) -> Effects:
        """What a due timer does, if the case is still where the timer found it."""
        if timer.deadline_kind in ("acceptance", "response") and case.state != "dispatched" or not case.is_open:
            return Effects()
        if timer.deadline_kind == "contact" and (case.contact_deadline is None or case.state != "accepted"):
            return Effects()
        if (
            timer.deadline_kind == "resolution"
            and case.resolution_deadline
            and timer.deadline != case.resolution_deadline
        ):
            return Effects()  # the deadline moved since (extended for joint, tightened by 包案): newer timers watch it
        if timer.kind == "escalate":
            if dispatch.level_above(self.org, case.unit_id) is None:
                return Effects()
            return self.escalate(case, SYSTEM, f"{timer.deadline_kind} deadline passed", now, automatic=True)
        kind: ev.DeadlineKind = "resolution" if timer.deadline_kind == "resolution" else "response"
        clock = {"acceptance": timer.deadline_kind == "acceptance", "first_contact": timer.deadline_kind == "contact"}
        if timer.kind == "remind":
            effects = Effects()
            effects.events.append(
                ev.DeadlineApproaching(
                    ticket=case.ticket,
                    **self.unit_fields(case.unit_id),
                    deadline_kind=kind,
                    deadline=timer.deadline,
                    actor=SYSTEM,
                    acceptance=clock["acceptance"],
                    first_contact=clock["first_contact"],
                )
            )
        else:
            effects = self.supervise(
                case, kind, timer.deadline, NOTICES.get(timer.deadline_kind, NOTICES["*"]), timer.deadline_kind
            )
        following = self._following(case, timer)
        if following is not None:  # always, after a reminder or a supervision
            effects.timers.append(following)
        return effects

    def _following(self, case: Case, timer: Timer) -> Timer | None:
        if timer.deadline_kind == "contact":
            return acceptance.next_timer(self.calendar, None, timer, None)
        if timer.deadline_kind == "acceptance":
            accept_rule = acceptance.select(self.org.config.acceptance, case.category, case.urgent)
            return acceptance.next_timer(self.calendar, accept_rule, timer, self.escalate_after)
        rule = deadlines.select_rule(self.org.config.deadlines, case.category, case.level, case.urgent)
        return deadlines.next_timer(self.calendar, rule, timer, self.escalate_after)

    def supervise(
        self,
        case: Case,
        deadline_kind: ev.DeadlineKind,
        deadline: datetime,
        notice: str,
        clock: ClockKind | None = None,
    ) -> Effects:
        effects = Effects()
        above = dispatch.level_above(self.org, case.unit_id)
        effects.events.append(
            ev.CaseSupervised(
                ticket=case.ticket,
                **self.unit_fields(case.unit_id),
                deadline_kind=deadline_kind,
                deadline=deadline,
                supervisor_unit_id=above.id if above else None,
                notice=notice,
                actor=SYSTEM,
                acceptance=clock == "acceptance",
                first_contact=clock == "contact",
            )
        )
        clock = clock or deadline_kind
        effects.step(case, "supervise", SYSTEM, case.state, f"{clock} deadline {deadline.isoformat()}")
        return effects
