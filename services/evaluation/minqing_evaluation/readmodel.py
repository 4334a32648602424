"""The read model: record facts about cases, re-derive each case's ledger view and counters.

Set-wise: the facts of a consumer batch (or the one event of an API call) go in with one statement per
table, whatever their number: the cases locked (created if new), the facts inserted, the facts of the
cases that gained one read back, their ledger rows updated, and their contributions replaced, each
shared counter moved once by the sum of its cases' differences (``adapters.counters``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.counters import replace_contributions
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


def lock_case(session: Session, district: str, case_id: str) -> Row:
    """The case row, created if new and locked until commit (see ``lock_cases``)."""
    return lock_cases(session, {case_id: district})[case_id]


def lock_cases(session: Session, districts: Mapping[str, str]) -> dict[str, Row]:
    """case id -> its row, created if new (in the district given) and locked until commit: facts of one
    case apply one transaction at a time. Rows are locked in case-id order, so two transactions never
    wait for each other in a circle. One statement when every case is known, two when some are new
    (the rows we insert are ours until commit), three when another transaction inserted one first."""
    ids = sorted(districts)
    locked = select(cases).where(cases.c.case_id.in_(ids)).order_by(cases.c.case_id).with_for_update()
    rows = {row.case_id: row for row in session.execute(locked)}
    new = [case_id for case_id in ids if case_id not in rows]
    if new:
        created = insert_ignoring_duplicates(session, cases, index_elements=["case_id"]).returning(*cases.c)
        rows.update(
            (row.case_id, row)
            for row in session.execute(created, [{"case_id": c, "district": districts[c]} for c in new])
        )
        raced = [case_id for case_id in new if case_id not in rows]
        if raced:
            rows.update((row.case_id, row) for row in session.execute(locked.where(cases.c.case_id.in_(raced))))
    return rows


def record(session: Session, runtime: Runtime, envelope: Envelope) -> None:
    """Keep one event as a fact of its case (see ``record_all``)."""
    record_all(session, runtime, [envelope])


def record_all(session: Session, runtime: Runtime, envelopes: Iterable[Envelope]) -> None:
    """Keep each event as a fact of its case (and a repeat-request fact of the case it duplicates),
    then bring the view and the contributions of every case that gained a fact up to date."""
    found: dict[str, tuple[str, str, Fact]] = {}  # event id -> (district, case id, fact)
    for envelope in envelopes:
        found.update((fact.event_id, (envelope.district, case_id, fact)) for case_id, fact in _facts(envelope))
    if not found:
        return
    rows = lock_cases(session, {case_id: district for district, case_id, _ in found.values()})
    statement = insert_ignoring_duplicates(session, facts, index_elements=["event_id"]).returning(facts.c.event_id)
    fresh = session.execute(
        statement,
        [
            {
                "event_id": fact.event_id,
                "case_id": case_id,
                "event_type": fact.event_type,
                "occurred_at": fact.occurred_at,
                "data": fact.data,
            }
            for _, case_id, fact in found.values()
        ],
    ).scalars()
    touched = sorted({found[event_id][1] for event_id in fresh})
    if not touched:
        return
    known: dict[str, list[Fact]] = defaultdict(list)
    for r in session.execute(select(facts).where(facts.c.case_id.in_(touched))):
        known[r.case_id].append(Fact(r.event_id, r.event_type, r.occurred_at, r.data))
    _update_views(session, {case_id: (rows[case_id], case_view(known[case_id])) for case_id in touched})
    new: dict[str, tuple[str, Counter[Key]]] = {}
    for case_id in touched:
        district = rows[case_id].district
        config = runtime.districts.get(district)
        once = config.duplicates.count_cluster_once if config else False
        new[case_id] = (district, contributions(known[case_id], runtime.tz(district), once))
    replace_contributions(session, new)


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


def _update_views(session: Session, views: Mapping[str, tuple[Row, dict]]) -> None:
    """Write each case's ledger columns its facts now give (the others keep what they hold), in one
    statement for every case whose row changes."""
    changed = []
    for case_id, (row, view) in views.items():
        values = {column: view.get(column, row._mapping[column]) for column in VIEW_COLUMNS}
        if any(values[column] != row._mapping[column] for column in VIEW_COLUMNS):
            changed.append({"key": case_id, **values})
    if changed:
        session.execute(_SET_VIEW, changed)
