"""The read model: record facts about cases, re-derive each case's ledger view and counters.

Set-wise: the facts of a consumer batch (or the one event of an API call) go in with one statement per
table, whatever their number: the cases created if new and locked, their facts so far and contributions
read, the new facts inserted, their ledger rows updated, and their contributions replaced, each shared
counter moved once by the sum of its cases' differences (``adapters.counters``). On PostgreSQL the reads
go in one round trip and the writes in another (``minqing_kit.pipeline``); the view and contributions are
derived in between from the facts read plus the batch's own, never read back."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_kit.pipeline import Statement, pipelined
from minqing_kit.statements import dialect_name, insert_ignoring_duplicates

from .adapters import counters
from .adapters.tables import cases, facts
from .bootstrap import Runtime
from .domain.facts import MERGED, RECEIVED, REPEAT, Fact, Key, case_view, contributions, on_partner_stream

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
    "public",
)
_SET_VIEW = update(cases).where(cases.c.case_id == bindparam("key"))  # the columns come with each row's values


def lock_case(session: Session, district: str, case_id: str) -> Any:
    """The case row, created if new and locked until commit (see ``lock_cases``)."""
    return lock_cases(session, {case_id: district})[case_id]


def lock_cases(session: Session, districts: Mapping[str, str]) -> dict[str, Any]:
    """case id -> its row, created if new (in the district given) and locked until commit: facts of one
    case apply one transaction at a time. One round trip on PostgreSQL (``locking``)."""
    return {row.case_id: row for row in pipelined(session, locking(session, districts))[1]}


def locking(session: Session, districts: Mapping[str, str]) -> list[Statement]:
    """Two statements: the cases that are new inserted (a case another transaction is inserting is
    waited for, then left out), then every row locked. Both go in case-id order, so two transactions
    never wait for each other in a circle; the rows we insert are ours until commit."""
    ids = sorted(districts)
    create = _ignoring(dialect_name(session), cases)
    locked = select(cases).where(cases.c.case_id.in_(ids)).order_by(cases.c.case_id).with_for_update()
    return [(create, [{"case_id": c, "district": districts[c]} for c in ids]), (locked, None)]


@functools.cache
def _ignoring(dialect: str, table: Table):
    """INSERT ... ON CONFLICT DO NOTHING into cases or facts, built once per dialect."""
    return insert_ignoring_duplicates(dialect, table, index_elements=list(table.primary_key))


def record(session: Session, runtime: Runtime, envelope: Envelope) -> None:
    """Keep one event as a fact of its case (see ``record_all``)."""
    record_all(session, runtime, [envelope])


def record_all(
    session: Session, runtime: Runtime, envelopes: Iterable[Envelope], along: Sequence[Statement] = ()
) -> list[list[Any]]:
    """Keep each event as a fact of its case (and a repeat-request fact of the case it duplicates),
    then bring the view and the contributions of every case that gained a fact up to date. On
    PostgreSQL two round trips whatever the number of events: the reads (cases created and locked,
    their facts and contributions so far, and the caller's ``along``, whose rows are returned), then
    the writes (the new facts, changed views, contributions and counters), computed in between."""
    found: dict[str, tuple[str, str, Fact]] = {}  # event id -> (district, case id, fact)
    for envelope in envelopes:
        found.update((fact.event_id, (envelope.district, case_id, fact)) for case_id, fact in _facts(envelope))
    if not found:
        return pipelined(session, along) if along else []
    districts = {case_id: district for district, case_id, _ in found.values()}
    reads = pipelined(
        session,
        [
            *locking(session, districts),
            (select(facts).where(facts.c.case_id.in_(sorted(districts))), None),
            (counters.stored_query(districts), None),
            *along,
        ],
    )
    rows = {row.case_id: row for row in reads[1]}
    known: dict[str, list[Fact]] = defaultdict(list)
    for r in reads[2]:  # the cases are locked: no other transaction adds to their facts until we commit
        known[r.case_id].append(Fact(r.event_id, r.event_type, r.occurred_at, r.data))
    seen = {fact.event_id for case_facts in known.values() for fact in case_facts}
    fresh = [(case_id, fact) for event_id, (_, case_id, fact) in found.items() if event_id not in seen]
    for case_id, fact in fresh:
        known[case_id].append(fact)
    touched = sorted({case_id for case_id, _ in fresh})
    if touched:
        pipelined(session, _writes(session, runtime, rows, known, touched, fresh, reads[3]))
    return reads[4:]


def _writes(session: Session, runtime: Runtime, rows, known, touched, fresh, stored) -> list[Statement]:
    """The new facts, the ledger columns and contributions of the cases that gained one."""
    dialect = dialect_name(session)
    kept = [
        {"event_id": f.event_id, "case_id": c, "event_type": f.event_type, "occurred_at": f.occurred_at, "data": f.data}
        for c, f in fresh
    ]
    new: dict[str, tuple[str, Counter[Key]]] = {}
    for case_id in touched:
        district = rows[case_id].district
        config = runtime.districts.get(district)
        once = config.duplicates.count_cluster_once if config else False
        new[case_id] = (district, contributions(known[case_id], runtime.tz(district), once))
    views = _view_writes({case_id: (rows[case_id], case_view(known[case_id])) for case_id in touched})
    return [(_ignoring(dialect, facts), kept), *views, *counters.replacing(dialect, stored, new)]


def _facts(envelope: Envelope) -> list[tuple[str, Fact]]:
    """(case id, fact) for the event itself and, for a duplicate request, the case it repeats."""
    if envelope.case_id is None or on_partner_stream(envelope.district, envelope.payload):
        return []  # a partner district's copy of a joint case's event (跨区联办) is not the case's fact
    found = [(envelope.case_id, Fact(envelope.event_id, envelope.type, envelope.occurred_at, envelope.payload))]
    original = _duplicated_case(envelope)
    if original and original != envelope.case_id:
        repeat = {"case_id": envelope.case_id, "ticket": envelope.payload.get("ticket")}
        found.append((original, Fact(f"{envelope.event_id}:repeat", REPEAT, envelope.occurred_at, repeat)))
    return found


def _duplicated_case(envelope: Envelope) -> str | None:
    if envelope.type == RECEIVED:
        return envelope.payload.get("duplicate_of_case_id")
    if envelope.type == MERGED:
        return envelope.payload.get("into_case_id")
    return None


def _view_writes(views: Mapping[str, tuple[Any, dict]]) -> list[Statement]:
    """Write each case's ledger columns its facts now give (the others keep what they hold), in one
    statement for every case whose row changes."""
    changed = []
    for case_id, (row, view) in views.items():
        values = {column: view.get(column, getattr(row, column)) for column in VIEW_COLUMNS}
        if any(values[column] != getattr(row, column) for column in VIEW_COLUMNS):
            changed.append({"key": case_id, **values})
    return [(_SET_VIEW, changed)] if changed else []
