"""The handler commands, run by ``handling.perform``: each is built from the request's already-validated
fields, and is a pure function of a ``CommandContext`` to ``Effects`` — it checks who may do it, then
applies the domain rule; every change it makes is in the effects it returns."""

from __future__ import annotations

from datetime import datetime

from minqing_kit.errors import ApiError

from .command_context import (
    Command,
    CommandContext,
    forbidden,
    holds_part,
    require_coordinator,
    require_handler,
    require_part_unit,
)
from .domain import access, aftercare, clusters, joint, ownership, returns
from .domain.case import Case, Effects
from .domain.dispatch import Assignment, CatalogueRef


def accept(c: CommandContext) -> Effects:
    require_handler(c)
    return c.district.work.accept(c.case, c.actor, c.now)


def send_back(reason_code: str, reason: str, disputed: CatalogueRef | None = None) -> Command:
    def command(c: CommandContext) -> Effects:
        require_handler(c)
        if c.case.joint:
            raise ApiError(409, "joint_case", "a joint case cannot be returned", "联办诉求不能退单")
        return returns.send_back(c.district.work, c.case, c.actor, reason_code, reason, c.now, disputed)

    return command


def rule(unit_id: str, reason: str, cited: CatalogueRef | None = None) -> Command:
    """审定 by the dispatcher above: the unit named handles the case and cannot return it."""

    def command(c: CommandContext) -> Effects:
        if not access.rules(c.district.org, c.who, c.case):
            raise forbidden("the dispatcher above the case", "上级派单员")
        return returns.rule(c.district.work, c.case, unit_id, c.actor, reason, c.now, cited)

    return command


def escalate(reason: str, joint_with: list[tuple[str, str]]) -> Command:
    def command(c: CommandContext) -> Effects:
        require_handler(c)
        effects = c.district.work.escalate(c.case, c.actor, reason, c.now)
        if joint_with:
            effects.extend(joint.open_joint(c.district.work, c.case, joint_with, reason, c.now, "escalation", c.actor))
        return effects

    return command


def progress(note: str, public: bool, kind: str = "progress") -> Command:
    def command(c: CommandContext) -> Effects:
        if not (
            access.handles(c.district.org, c.who, c.case)
            or any(holds_part(c, p) for p in c.parts)
            or kind == "coordination"
            and access.coordinates(c.district.org, c.who, c.case)
        ):
            raise forbidden("the unit that has the case", "承办单位")
        return c.district.work.record_progress(c.case, c.actor, note, public, kind)

    return command


def resolve(outcome: str, reply: str) -> Command:
    """Never without a reply; a 包案 case's answer by its unit waits for the owner's sign-off."""

    def command(c: CommandContext) -> Effects:
        require_handler(c)
        ownership.require_reply(reply)
        if c.case.owner_id and not access.owner_of(c.who, c.case):
            return ownership.propose(c.district.work, c.case, c.parts, c.actor, outcome, reply)
        return joint.resolve(c.district.work, c.case, c.parts, c.actor, outcome, reply, c.now)

    return command


def take_ownership(c: CommandContext) -> Effects:
    if not access.owns(c.district.org, c.who, c.case):
        raise forbidden("a leader at or above the case's unit", "上级领导")
    return ownership.take(c.district.work, c.case, c.actor)


def require_owner(c: CommandContext) -> None:
    if not access.owner_of(c.who, c.case):
        raise forbidden("the case's 包案 leader", "包案领导")


def tighten_deadline(deadline: datetime, reason: str) -> Command:
    def command(c: CommandContext) -> Effects:
        require_owner(c)
        return ownership.tighten(c.district.work, c.case, c.actor, deadline, reason, c.now)

    return command


def sign_off(approve: bool, note: str) -> Command:
    def command(c: CommandContext) -> Effects:
        require_owner(c)
        return ownership.sign_off(c.district.work, c.case, c.parts, c.actor, approve, note, c.now)

    return command


def open_joint(co_handlers: list[tuple[str, str]], lead_task: str, extend_reason: str = "") -> Command:
    """``extend_reason``: extend the lead's deadline to the parts' instead of fitting them inside it."""

    def command(c: CommandContext) -> Effects:
        require_handler(c)
        work, case = c.district.work, c.case
        return joint.open_joint(work, case, co_handlers, lead_task, c.now, "handler", c.actor, extend_reason)

    return command


def answer_part(part_id: str, accept_it: bool, reason: str) -> Command:
    def command(c: CommandContext) -> Effects:
        part = c.part(part_id)
        require_part_unit(c, part)
        return joint.answer(c.district.work, c.case, part, c.actor, accept_it, reason)

    return command


def complete_part(part_id: str, summary: str) -> Command:
    def command(c: CommandContext) -> Effects:
        part = c.part(part_id)
        require_part_unit(c, part)
        return joint.complete(c.district.work, c.case, part, c.actor, summary)

    return command


def decide_part(part_id: str, new_unit_id: str | None) -> Command:
    def command(c: CommandContext) -> Effects:
        require_coordinator(c)
        return joint.decide(c.district.work, c.case, c.part(part_id), c.actor, new_unit_id, c.now, c.parts)

    return command


def dispatch_to(unit_id: str) -> Command:
    """Manual dispatch by the dispatcher: the triage queue's cases, or a case the coordinator moves, or
    the case's 包案 leader assigns to a unit at or below their own."""

    def command(c: CommandContext) -> Effects:
        org = c.district.org
        if not (
            access.handles(org, c.who, c.case)
            and c.case.unit_id == org.triage_id
            or access.coordinates(org, c.who, c.case)
            or access.owner_of(c.who, c.case)
            and unit_id in org.units
            and org.within(unit_id, c.who.unit_id)
        ):
            raise forbidden("the dispatcher above the case or its 包案 leader", "上级派单员或包案领导")
        c.case.require_open()
        if unit_id not in c.district.org.units:
            raise ApiError(422, "unknown_unit", f"unknown unit {unit_id}", f"未知单位{unit_id}")
        return c.district.work.dispatch(c.case, Assignment(c.district.org.unit(unit_id), "manual"), c.now, c.actor)

    return command


def merge(into_case_id: str | None) -> Command:
    def command(c: CommandContext) -> Effects:
        require_handler(c)
        target_id = into_case_id or c.case.duplicate_of
        if not target_id:
            raise ApiError(422, "no_target", "name the case to merge into", "请指定要合并到的诉求")
        into = c.find_case(target_id)
        visible = (
            into is not None
            and into.district == c.case.district
            and (target_id == c.case.duplicate_of or access.readable(c.district.org, c.who, into, set()))
        )
        if not visible:
            raise ApiError(404, "not_found", "no such case to merge into", "未找到要合并到的诉求")
        return aftercare.merge(c.case, into, c.actor)

    return command


def _duplicate(c: CommandContext, duplicate_id: str) -> Case:
    """A case of this case's cluster (flagged as its duplicate, merged into it, or one the handler sees)."""
    found = c.find_case(duplicate_id)
    related = found is not None and (found.duplicate_of == c.case.id or found.merged_into == c.case.id)
    if (
        found is None
        or found.district != c.case.district
        or not (related or access.readable(c.district.org, c.who, found, set()))
    ):
        raise ApiError(404, "not_found", "no such case in this cluster", "未找到该重复诉求")
    return found


def merge_in(duplicate_id: str) -> Command:
    """From the cluster's case: merge a flagged duplicate into it (one click on the case page)."""

    def command(c: CommandContext) -> Effects:
        require_handler(c)
        return clusters.merge_in(c.case, _duplicate(c, duplicate_id), c.actor)

    return command


def split(duplicate_id: str) -> Command:
    """From the cluster's case: split a merged case out, to be handled on its own by this unit."""

    def command(c: CommandContext) -> Effects:
        require_handler(c)
        return clusters.split(c.district.work, c.case, _duplicate(c, duplicate_id), c.actor, c.now)

    return command
