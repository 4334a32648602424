"""The one writer of routing's cases. A transition's effects carry every change; ``CaseWriter``
persists them in the caller's transaction: the case row (inserted when the case is new, else updated),
the parts opened or changed, the audit steps, the timers, every other case the effects touched (with
its own effects), and the outgoing events in the outbox, continuing each case's correlation id: each
in the case's district, or, for the events ``elsewhere``, in the partner district named (跨区联办), so
that district's consumer groups receive them.

A joint case's lead part goes where the case goes (an escalation, a manual dispatch, a reopen up a
level): whenever the writer writes a joint case, it moves the lead part to the case's unit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_kit.outbox import Outbox
from minqing_kit.pipeline import Statement, pipelined

from ..domain.case import Case, Effects, Part, Received, Step
from ..domain.deadlines import Timer
from .repository import CASE_FIELDS
from .tables import cases, history, parts, timers

Change = tuple[Case, Effects]
WRITTEN_ONCE = ("id", "district", "ticket", "urgent", "grid_code", "community_id", "located_by", "duplicate_of")
MUTABLE = [f for f in CASE_FIELDS if f not in (*WRITTEN_ONCE, "contact_on_file")]


class CaseWriter:
    """Writes transitions: ``save`` for one case, ``save_batch`` for a scheduler batch."""

    def __init__(self, outbox: Outbox, producer: str = "routing"):
        self.outbox, self.producer = outbox, producer

    def save(
        self,
        session: Session,
        case: Case,
        effects: Effects,
        now: datetime,
        causation: Envelope | None = None,
        also: list[Statement] | None = None,
    ) -> list[Envelope]:
        return self.save_batch(session, [(case, effects)], now, causation, also=also)

    def save_batch(
        self,
        session: Session,
        batch: list[Change],
        now: datetime,
        causation: Envelope | None = None,
        causes: list[Envelope] | None = None,
        also: list[Statement] | None = None,
    ) -> list[Envelope]:
        """``causation``: the event that caused them all; ``causes``: each change's own (a consumer batch's
        events, in the batch's order), which the cases its effects touched share; ``also``: the caller's own
        statements of the same transaction that need no answer, sent in the same round trip."""
        roots = causes if causes is not None else [causation] * len(batch)
        caused = [(change, cause) for root, cause in zip(batch, roots, strict=True) for change in every_change([root])]
        changes = [change for change, _ in caused]
        statements = [
            *case_statements(changes, now),
            *part_statements(changes),
            *rows_statement(history, [step_row(case, step, now) for case, e in changes for step in e.steps]),
            *rows_statement(timers, [timer_row(case, timer) for case, e in changes for timer in e.timers]),
            *(also or []),
        ]
        envelopes = [
            new_envelope(
                event,
                district=district,
                producer=self.producer,
                case_id=case.id,
                causation=cause,
                correlation_id=case.correlation_id or None,
            )
            for (case, e), cause in caused
            for district, event in [*((case.district, event) for event in e.events), *e.elsewhere]
        ]
        if envelopes:
            statements += self.outbox.statements(session, *envelopes)
        if statements:
            pipelined(session, statements)  # none needs another's answer: one round trip on PostgreSQL
        return envelopes


def every_change(batch: list[Change]) -> Iterator[Change]:
    """The batch's cases that changed, each followed by the other cases its effects touched."""
    for case, effects in batch:
        if not effects.empty:
            yield case, effects
        yield from every_change(effects.other_cases)


def case_statements(changes: list[Change], now: datetime) -> list[Statement]:
    new = [case_row(case, now) | first_row(case, e.received) for case, e in changes if e.received]
    moved = [{"b_id": case.id, **case_row(case, now)} for case, e in changes if not e.received]
    updated: list[Statement] = [(update(cases).where(cases.c.id == bindparam("b_id")), moved)] if moved else []
    return rows_statement(cases, new) + updated


def case_row(case: Case, now: datetime) -> dict:
    return {
        **{f: getattr(case, f) for f in MUTABLE},
        "returned_by": json.dumps(case.returned_by),
        "proxy_consent": json.dumps(case.proxy_consent, ensure_ascii=False) if case.proxy_consent else None,
        "proposal": json.dumps(case.proposal.to_json(), ensure_ascii=False) if case.proposal else None,
        "updated_at": now,
    }


def first_row(case: Case, received: Received) -> dict:
    """The columns a case's row gets once, when it is new: what never changes, and what the resident sent."""
    return {
        **{f: getattr(case, f) for f in CASE_FIELDS if f not in MUTABLE},
        "content": received.content,
        "address": received.address,
        "received_at": received.received_at,
        "request_type": received.request_type,
        "correlation_id": case.correlation_id,
    }


def part_statements(changes: list[Change]) -> list[Statement]:
    statements = rows_statement(
        parts, [part_row(case, part, position) for case, e in changes for position, part in enumerate(e.new_parts)]
    )
    changed = {part.part_id: part for _, e in changes for part in e.changed_parts}
    for part in changed.values():
        values = dict(
            unit_id=part.unit_id,
            task=part.task,
            deadline=part.deadline,
            status=part.status,
            note=part.note,
            district=part.district,
        )
        statements.append((update(parts).where(parts.c.part_id == part.part_id).values(**values), None))
    for case, _ in changes:
        if case.joint:  # the lead part goes where the case goes (after the parts' own changes above)
            lead = (parts.c.case_id == case.id, parts.c.lead.is_(True), parts.c.unit_id != case.unit_id)
            statements.append((update(parts).where(*lead).values(unit_id=case.unit_id), None))
    return statements


def part_row(case: Case, part: Part, position: int) -> dict:
    return {
        "part_id": part.part_id,
        "case_id": case.id,
        "position": position,
        "unit_id": part.unit_id,
        "task": part.task,
        "deadline": part.deadline,
        "lead": part.lead,
        "status": part.status,
        "note": part.note,
        "district": part.district,
    }


def step_row(case: Case, step: Step, now: datetime) -> dict:
    return {
        "case_id": case.id,
        "at": now,
        "action": step.action,
        "actor_kind": step.actor.kind,
        "actor_id": step.actor.id,
        "actor_name": step.actor.name,
        "actor_role": step.actor.role,
        "actor_unit": step.actor.unit_id,
        "from_state": step.from_state,
        "to_state": step.to_state,
        "unit_id": step.unit_id,
        "reason": step.reason[:4000],
        "catalogue_item": step.catalogue.item_id if step.catalogue else None,
        "catalogue_version": step.catalogue.version if step.catalogue else None,
    }


def timer_row(case: Case, timer: Timer) -> dict:
    return {
        "case_id": case.id,
        "stage": timer.stage,
        "kind": timer.kind,
        "deadline_kind": timer.deadline_kind,
        "deadline": timer.deadline,
        "due_at": timer.due_at,
        "part_id": timer.part_id,
    }


def rows_statement(table, rows: list[dict]) -> list[Statement]:
    """The table's insert of these rows (an executemany), none for none."""
    return [(insert(table), rows)] if rows else []
