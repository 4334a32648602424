"""The complainant firewall (2026 宝山: a property manager sent a complainant's work order to the person
complained about). Routing keeps no contact; notify shows one only on routing's grant. A handler whose role
needs the resident's number (the hotline, which calls residents back) sees it in clear; anyone else who may
read the case sees it masked and must give a reason to reveal it. Every clear view is an audit step
(``reveal_contact``) of the case's history, which only overseers (supervisors, leaders, dispatchers) and
the person who revealed see: who looked at a resident's number, and why, is not for every reader."""

from __future__ import annotations

from minqing_contracts.events.base import Actor
from minqing_kit.tokens import Principal

from .access import HOTLINE, OVERSEERS
from .case import Case, Effects, Refused

CONTACT_ROLES = (HOTLINE,)  # their work is calling residents back
ROLE_REASON = "岗位需要"


def needs_contact(roles: tuple[str, ...]) -> bool:
    return bool(set(roles) & set(CONTACT_ROLES))


def sees_step(who: Principal, action: str, actor_id: str | None) -> bool:
    """May ``who`` read this step of a case's history? A reveal only for overseers and the revealer."""
    return action != "reveal_contact" or who.has_any(*OVERSEERS) or actor_id == who.person_id


def reveal(case: Case, actor: Actor, roles: tuple[str, ...], reason: str) -> Effects:
    """The audit step of one clear view: the reason given, or the role's need."""
    reason = reason.strip() or (ROLE_REASON if needs_contact(roles) else "")
    if not reason:
        raise Refused("reason_required", "say why you need the resident's contact", "请说明查看居民联系方式的理由", 422)
    effects = Effects()
    effects.step(case, "reveal_contact", actor, case.state, reason)
    return effects
