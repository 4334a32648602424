"""What a handler command sees (``CommandContext``) and the checks of who may act. A command is a pure
function of its context to the effects it makes (``Command``): it reads, decides and returns; it never
writes (``handling.perform`` writes the effects)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from minqing_contracts.events.base import Actor
from minqing_kit.errors import ApiError
from minqing_kit.tokens import Principal

from .bootstrap import District
from .domain import access
from .domain.case import Case, Effects, Part


def forbidden(what: str, what_zh: str) -> ApiError:
    return ApiError(403, "forbidden", f"only {what} may do this", f"只有{what_zh}可以执行此操作")


def actor_of(who: Principal) -> Actor:
    return Actor(
        kind="person", id=who.person_id, name=who.name, role=who.roles[0] if who.roles else None, unit_id=who.unit_id
    )


@dataclass
class CommandContext:
    """The locked case, its parts, the district, who acts and when; ``find_case`` names another case
    of the transaction (locked too), or None; ``step_times(action, since)`` says when the case's history
    steps of one action were taken (since a time, or ever), oldest first: none where no database is
    behind the context."""

    district: District
    case: Case
    parts: list[Part]
    who: Principal
    now: datetime
    find_case: Callable[[str], Case | None]
    step_times: Callable[[str, datetime | None], list[datetime]] = lambda action, since: []

    @property
    def actor(self) -> Actor:
        return actor_of(self.who)

    def part(self, part_id: str) -> Part:
        found = next((p for p in self.parts if p.part_id == part_id), None)
        if found is None:
            raise ApiError(404, "not_found", "no such part", "未找到该协办事项")
        return found


Command = Callable[[CommandContext], Effects]


def require_handler(c: CommandContext) -> None:
    if not access.handles(c.district.org, c.who, c.case):
        raise forbidden("the unit that has the case", "承办单位")


def require_coordinator(c: CommandContext) -> None:
    if not access.coordinates(c.district.org, c.who, c.case):
        raise forbidden("the coordinating unit above", "上级协调单位")


def holds_part(c: CommandContext, part: Part) -> bool:
    """The person's unit holds the part, in the part's district (a partner's, 跨区联办, or the case's)."""
    held = part.unit_id == c.who.desk
    return held and c.who.district == (part.district or c.case.district)


def require_part_unit(c: CommandContext, part: Part) -> None:
    if not holds_part(c, part):
        raise forbidden("the unit the part is assigned to", "该协办单位")
