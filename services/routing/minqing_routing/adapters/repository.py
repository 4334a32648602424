"""Cases, their parts, audit trail and timers in the database, and the write of one transition:
case row + history rows + timer rows + outbox envelopes, in the caller's transaction."""
from __future__ import annotations

import json
from datetime import datetime

from minqing_contracts import Envelope, new_envelope
from minqing_kit.outbox import Outbox
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from ..domain.case import Case, Effects
from ..domain.joint import Part
from .tables import cases, history, parts, timers

CASE_FIELDS = ("id", "district", "ticket", "category", "urgent", "grid_code", "community_id", "located_by",
               "state", "unit_id", "level", "stage", "response_deadline", "resolution_deadline",
               "return_count", "reopen_count", "owner_id", "resolved_by", "duplicate_of", "merged_into", "joint")
MUTABLE = [f for f in CASE_FIELDS if f not in ("id", "district", "ticket", "urgent", "grid_code",
                                                "community_id", "located_by", "duplicate_of")]


def to_case(row) -> Case:
    case = Case(**{f: getattr(row, f) for f in CASE_FIELDS})
    case.returned_by = json.loads(row.returned_by)
    case.correlation_id = row.correlation_id
    return case


def load(session: Session, case_id: str, lock: bool = True) -> Case | None:
    query = select(cases).where(cases.c.id == case_id)
    row = session.execute(query.with_for_update() if lock else query).first()
    return to_case(row) if row else None


def lock_many(session: Session, case_ids: list[str]) -> dict[str, Case]:
    """Lock the cases no other transaction holds (SKIP LOCKED): the scheduler never waits."""
    query = select(cases).where(cases.c.id.in_(case_ids)).with_for_update(skip_locked=True)
    return {row.id: to_case(row) for row in session.execute(query)}


def insert_case(session: Session, case: Case, content: str, address: str | None, received_at: datetime,
                now: datetime) -> None:
    values = {f: getattr(case, f) for f in CASE_FIELDS}
    session.execute(insert(cases).values(**values, content=content, address=address,
                                         returned_by=json.dumps(case.returned_by),
                                         correlation_id=case.correlation_id,
                                         received_at=received_at, updated_at=now))


def load_parts(session: Session, case_id: str) -> list[Part]:
    rows = session.execute(select(parts).where(parts.c.case_id == case_id).order_by(parts.c.position))
    return [Part(r.part_id, r.unit_id, r.task, r.deadline, r.lead, r.status, r.note) for r in rows]


def save_parts(session: Session, case_id: str, found: list[Part], new: bool = False) -> None:
    rows = [{"part_id": p.part_id, "case_id": case_id, "position": i, "unit_id": p.unit_id, "task": p.task,
             "deadline": p.deadline, "lead": p.lead, "status": p.status, "note": p.note}
            for i, p in enumerate(found)]
    if new:
        session.execute(insert(parts), rows)
        return
    for row in rows:
        session.execute(update(parts).where(parts.c.part_id == row["part_id"])
                        .values(unit_id=row["unit_id"], deadline=row["deadline"], status=row["status"],
                                note=row["note"]))


def insert_rows(session: Session, table, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(table), rows)  # executemany: pipelined by psycopg


class Writer:
    """Writes transitions: one call per case, or ``write_many`` for a scheduler batch."""

    def __init__(self, outbox: Outbox, producer: str = "routing"):
        self.outbox, self.producer = outbox, producer

    def write(self, session: Session, case: Case, effects: Effects, now: datetime,
              causation: Envelope | None = None, case_row: bool = True) -> list[Envelope]:
        """``case_row=False`` when the case row was just inserted with these values."""
        return self.write_many(session, [(case, effects)], now, causation, case_row)

    def write_many(self, session: Session, batch: list[tuple[Case, Effects]], now: datetime,
                   causation: Envelope | None = None, case_rows_too: bool = True) -> list[Envelope]:
        case_rows, step_rows, timer_rows, envelopes = [], [], [], []
        for case, effects in batch:
            if not (effects.events or effects.steps or effects.timers):
                continue
            case_rows.append({"b_id": case.id, "returned_by": json.dumps(case.returned_by), "updated_at": now,
                              **{f: getattr(case, f) for f in MUTABLE}})
            step_rows += [{"case_id": case.id, "at": now, "action": s.action, "actor_kind": s.actor.kind,
                           "actor_id": s.actor.id, "actor_name": s.actor.name, "actor_role": s.actor.role,
                           "actor_unit": s.actor.unit_id, "from_state": s.from_state, "to_state": s.to_state,
                           "unit_id": s.unit_id, "reason": s.reason[:4000]} for s in effects.steps]
            timer_rows += [{"case_id": case.id, "stage": t.stage, "kind": t.kind, "deadline_kind": t.deadline_kind,
                            "deadline": t.deadline, "due_at": t.due_at, "part_id": t.part_id} for t in effects.timers]
            envelopes += [new_envelope(e, district=case.district, producer=self.producer, case_id=case.id,
                                       causation=causation, correlation_id=case.correlation_id or None) for e in effects.events]
        if case_rows and case_rows_too:
            session.execute(update(cases).where(cases.c.id == bindparam("b_id")), case_rows)
        insert_rows(session, history, step_rows)
        insert_rows(session, timers, timer_rows)
        for case, _ in batch:
            if case.joint:  # the lead part goes where the case goes (escalation)
                session.execute(update(parts).where(parts.c.case_id == case.id, parts.c.lead.is_(True),
                                                    parts.c.unit_id != case.unit_id).values(unit_id=case.unit_id))
        if envelopes:
            self.outbox.add(session, *envelopes)
        return envelopes
