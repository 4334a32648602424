"""The read model: record a fact about a case, re-derive the case's ledger view and counters."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.counters import replace_contributions
from .adapters.tables import cases, facts
from .bootstrap import Runtime
from .domain.facts import MERGED, RECEIVED, REPEAT, Fact, case_view, contributions

VIEW_COLUMNS = (
    "ticket",
    "category",
    "channel",
    "grid_code",
    "received_at",
    "unit_id",
    "unit_name",
    "level",
    "reply",
    "outcome",
    "satisfaction",
    "supervised_at",
)


def _insert_ignore(session: Session, table, key: list[str], values: dict) -> bool:
    statement = insert_ignoring_duplicates(session, table, index_elements=key).values(**values)
    return session.execute(statement.returning(table.c[key[0]])).first() is not None


def lock_case(session: Session, district: str, case_id: str):
    """The case row, created if new and locked until commit: facts of one case apply one at a time.
    Most facts are of a known case: one statement for them (the lock), two for a new case (the row we
    insert is ours until commit), three when another transaction inserted it first."""
    locked = select(cases).where(cases.c.case_id == case_id).with_for_update()
    row = session.execute(locked).first()
    if row is None:
        created = insert_ignoring_duplicates(session, cases, index_elements=["case_id"]).values(
            case_id=case_id, district=district
        )
        row = session.execute(created.returning(*cases.c)).first() or session.execute(locked).one()
    return row


def record(session: Session, runtime: Runtime, envelope: Envelope) -> None:
    """Keep the event as a fact of its case (and a repeat-request fact of the case it duplicates)."""
    if envelope.case_id is None:
        return
    _record_fact(
        session,
        runtime,
        envelope.district,
        envelope.case_id,
        Fact(envelope.event_id, envelope.type, envelope.occurred_at, envelope.payload),
    )
    original = _duplicated_case(envelope)
    if original and original != envelope.case_id:
        _record_fact(
            session,
            runtime,
            envelope.district,
            original,
            Fact(
                f"{envelope.event_id}:repeat",
                REPEAT,
                envelope.occurred_at,
                {"case_id": envelope.case_id, "ticket": envelope.payload.get("ticket")},
            ),
        )


def _duplicated_case(envelope: Envelope) -> str | None:
    if envelope.type == RECEIVED:
        return envelope.payload.get("duplicate_of_case_id")
    if envelope.type == MERGED:
        return envelope.payload.get("into_case_id")
    return None


def _record_fact(session: Session, runtime: Runtime, district: str, case_id: str, fact: Fact) -> None:
    lock_case(session, district, case_id)
    fresh = _insert_ignore(
        session,
        facts,
        ["event_id"],
        {
            "event_id": fact.event_id,
            "case_id": case_id,
            "event_type": fact.event_type,
            "occurred_at": fact.occurred_at,
            "data": fact.data,
        },
    )
    if not fresh:
        return
    known = [
        Fact(r.event_id, r.event_type, r.occurred_at, r.data)
        for r in session.execute(select(facts).where(facts.c.case_id == case_id))
    ]
    view = case_view(known)
    values = {k: view[k] for k in VIEW_COLUMNS if k in view}
    if values:
        session.execute(update(cases).where(cases.c.case_id == case_id).values(**values))
    once = runtime.districts[district].duplicates.count_cluster_once if district in runtime.districts else False
    replace_contributions(session, district, case_id, contributions(known, runtime.tz(district), once))
