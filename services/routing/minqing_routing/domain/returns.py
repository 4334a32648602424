"""Returns (退单) and rulings (审定). A return names a reason code from the district's list (属地不符,
权属不清, 职能交叉, 非职责范围, 信息不全, ...) and goes back to the dispatcher above, who re-dispatches;
the second return goes up a level. After the district's limit of returns (``returns.limit``, default 2)
the next return is refused: the dispatcher above must rule, naming the unit and why; the unit ruled
cannot return the case. The ruling is a dispatch (``case.dispatched.v1`` with ``ruling_reason``) and
the audit step ``rule``."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.events import routing as ev
from minqing_contracts.events.base import SYSTEM, Actor

from . import dispatch
from .case import Case, Effects, Refused
from .casework import Casework
from .dispatch import Assignment, CatalogueRef


def reason_name(work: Casework, code: str) -> str:
    """The district's name of a return reason code; 422 for a code the district does not have."""
    found = next((r.name for r in work.org.config.returns.reasons if r.code == code), None)
    if found is None:
        codes = [r.code for r in work.org.config.returns.reasons]
        raise Refused(
            "unknown_reason_code", f"reason_code must be one of {codes}", f"退单理由须为{'、'.join(codes)}之一", 422
        )
    return found


def check_returnable(work: Casework, case: Case) -> None:
    case.require_open()
    if case.ruled_unit is not None and case.ruled_unit == case.unit_id:
        raise Refused(
            "ruled",
            "the dispatcher above ruled that this unit handles the case (审定): it cannot be returned",
            "该诉求已审定由本单位办理,不能退单",
        )
    if case.return_count >= work.org.config.returns.limit:
        raise Refused(
            "ruling_required",
            f"the case was returned {case.return_count} times: the dispatcher above must rule who handles it (审定)",
            f"该诉求已退单{case.return_count}次,须由上级派单员审定承办单位",
        )


def send_back(
    work: Casework,
    case: Case,
    actor: Actor,
    reason_code: str,
    reason: str,
    now: datetime,
    disputed: CatalogueRef | None = None,
) -> Effects:
    """退单 for a reason code, citing the catalogue item it disputes (``disputed``, optional)."""
    name = reason_name(work, reason_code)
    check_returnable(work, case)
    effects, before, unit_id = Effects(), case.state, case.unit_id
    case.return_count += 1
    case.returned_by.append(unit_id)
    effects.events.append(
        ev.CaseReturned(
            ticket=case.ticket,
            **work.unit_fields(unit_id),
            reason=reason or name,
            reason_code=reason_code,
            return_count=case.return_count,
            actor=actor,
            catalogue_item_id=disputed.item_id if disputed else None,
        )
    )
    effects.step(case, "return", actor, before, f"{name}: {reason}" if reason else name, disputed)
    target = dispatch.after_return(work.org, case.category, case.place, unit_id, case.returned_by, case.return_count)
    if target.reason == "redispatch":
        return effects.extend(work.dispatch(case, target, now))
    return effects.extend(
        work.escalate_to(case, target.unit, SYSTEM, f"returned {case.return_count} times", now, automatic=True)
    )


def rule(
    work: Casework,
    case: Case,
    unit_id: str,
    actor: Actor,
    reason: str,
    now: datetime,
    cited: CatalogueRef | None = None,
) -> Effects:
    """审定: the dispatcher above names the unit that handles the case, and why (citing the catalogue
    item it rules by, optional); it cannot return it."""
    case.require_open()
    if unit_id not in work.org.units or unit_id == work.org.triage_id:
        raise Refused("unknown_unit", f"unknown unit {unit_id}", f"未知单位{unit_id}", 422)
    case.ruled_unit = unit_id
    ruling = Assignment(work.org.unit(unit_id), "ruling", catalogue=cited)
    return work.dispatch(case, ruling, now, actor, ruling_reason=reason)
