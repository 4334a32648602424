"""Handling a case: ``perform`` runs one handler command (``commands``) on one case in one transaction —
load the case and its parts, check the handler may see it, run the command, write its effects (the
case, its parts, any other case touched, audit steps, timers and outbox rows) through the one writer.
A resolution answers the cases merged into the case too (``domain.clusters``).

The handler may not see the case: 404, so other units' and districts' cases stay invisible; may see
but not do this: 403 (the command's check); the domain rule refuses: 409 (or 422).
"""

from __future__ import annotations

from functools import partial

from minqing_kit.errors import ApiError
from minqing_kit.logs import continue_flow, log_context
from minqing_kit.tokens import Principal

from .adapters import repository
from .adapters.writer import CaseWriter
from .bootstrap import Runtime
from .case_metrics import observe_latencies, received_at, resolves
from .command_context import Command, CommandContext
from .domain import access, clusters, joint
from .domain.case import Refused

NOT_FOUND = ApiError(404, "not_found", "no such case", "未找到该诉求")


def perform(runtime: Runtime, who: Principal, case_id: str, command: Command) -> dict:
    """Run one command on one case in one transaction; returns the case's new state."""
    with runtime.db.transaction() as session, log_context(case_id=case_id):
        case = repository.load(session, case_id)
        district = runtime.districts.get(case.district) if case else None  # the case's: its rules apply
        if case is None or district is None:
            raise NOT_FOUND
        parts = repository.load_parts(session, case.id) if case.joint else []
        if not access.readable(district.org, who, case, access.part_units(case, parts, who.district)):
            raise NOT_FOUND
        continue_flow(case.correlation_id)  # the case's chain, which its events continue (the writer)
        steps = partial(repository.step_times, session, case.id)
        context = CommandContext(district, case, parts, who, runtime.now(), partial(repository.load, session), steps)
        with log_context(correlation_id=case.correlation_id or None):
            unit_before = case.unit_id
            try:
                effects = command(context)
            except Refused as refused:
                wait = {} if refused.retry_after is None else {"Retry-After": str(refused.retry_after)}
                message, message_zh = refused.message, refused.message_zh
                raise ApiError(refused.status, refused.code, message, message_zh, headers=wait) from None
            if case.unit_id != unit_before:  # onto a unit holding a part of it: the parts merge
                effects.extend(joint.lead_moved(district.work, case, parts, context.actor))
            merged = partial(repository.merged_into, session, case.id)
            effects.other_cases += clusters.answer_merged(case, effects, merged)
            CaseWriter(runtime.outbox).save(session, case, effects, context.now)
            received = received_at(session, case.id) if resolves(effects) else None
    observe_latencies(case, effects, received, context.now)  # committed
    return {
        "case_id": case.id,
        "ticket": case.ticket,
        "state": case.state,
        "unit_id": case.unit_id,
        "level": case.level,
        "events": [type(e).EVENT_TYPE for e in effects.events],
    }
