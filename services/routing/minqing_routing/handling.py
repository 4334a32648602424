"""Handler actions: one transaction each, holding the case row, its audit steps, timers and events.

Every action first checks the handler may see the case (else 404, so other units' and districts'
cases stay invisible), then that they may do this to it (else 403), then the domain rule (else 409).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from minqing_contracts.events.base import Actor
from minqing_kit.errors import ApiError
from minqing_kit.logs import log_context
from minqing_kit.tokens import Principal
from sqlalchemy.orm import Session

from .adapters import repository
from .adapters.repository import Writer
from .bootstrap import District, Runtime
from .domain import access
from .domain.case import Case, Effects, Refused
from .domain.joint import Part

NOT_FOUND = ApiError(404, "not_found", "no such case", "未找到该诉求")


def forbidden(what: str, what_zh: str) -> ApiError:
    return ApiError(403, "forbidden", f"only {what} may do this", f"只有{what_zh}可以执行此操作")


def actor_of(who: Principal) -> Actor:
    return Actor(kind="person", id=who.person_id, name=who.name, role=who.roles[0] if who.roles else None,
                 unit_id=who.unit_id)


@dataclass
class Context:
    """What an action function gets: the locked case, its parts, the district, who acts, and when."""

    session: Session
    runtime: Runtime
    district: District
    case: Case
    parts: list[Part]
    who: Principal

    @property
    def actor(self) -> Actor:
        return actor_of(self.who)

    @property
    def now(self):
        return self.runtime.now()

    def part(self, part_id: str) -> Part:
        found = next((p for p in self.parts if p.part_id == part_id), None)
        if found is None:
            raise ApiError(404, "not_found", "no such part", "未找到该协办事项")
        return found


Action = Callable[[Context], Effects]


def perform(runtime: Runtime, who: Principal, case_id: str, action: Action) -> dict:
    """Run one action on one case in one transaction; returns the case's new state."""
    with runtime.db.transaction() as session, log_context(case_id=case_id):
        case = repository.load(session, case_id)
        district = runtime.districts.get(who.district)
        if case is None or district is None:
            raise NOT_FOUND
        parts = repository.load_parts(session, case.id) if case.joint else []
        if not access.readable(district.org, who, case, {p.unit_id for p in parts}):
            raise NOT_FOUND
        context = Context(session, runtime, district, case, parts, who)
        try:
            effects = action(context)
        except Refused as refused:
            raise ApiError(refused.status, refused.code, refused.message, refused.message_zh) from None
        Writer(runtime.outbox).write(session, case, effects, context.now)
        if parts:
            for part in parts:
                part.unit_id = case.unit_id if part.lead else part.unit_id  # the lead part follows the case
            repository.save_parts(session, case.id, parts)
    return {"case_id": case.id, "ticket": case.ticket, "state": case.state, "unit_id": case.unit_id,
            "level": case.level, "events": [type(e).EVENT_TYPE for e in effects.events]}


def require_handler(c: Context) -> None:
    if not access.handles(c.district.org, c.who, c.case):
        raise forbidden("the unit that has the case", "承办单位")


def require_coordinator(c: Context) -> None:
    if not access.coordinates(c.district.org, c.who, c.case):
        raise forbidden("the coordinating unit above", "上级协调单位")


def require_part_unit(c: Context, part: Part) -> None:
    if part.unit_id != c.who.unit_id or c.who.district != c.case.district:
        raise forbidden("the unit the part is assigned to", "该协办单位")
