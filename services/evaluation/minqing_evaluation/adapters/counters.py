"""Store cases' contributions and move the shared counters by the differences, in one transaction."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from minqing_kit.statements import dialect_insert

from ..domain.facts import Key
from .tables import METRICS, contributions, unit_day_counts, unit_month_counts


@functools.cache
def _add_statement(dialect: str, table_name: str):
    """INSERT ... ON CONFLICT DO UPDATE SET m = m + excluded.m, built once per table and dialect."""
    table = {t.name: t for t in (unit_day_counts, unit_month_counts)}[table_name]
    statement = dialect_insert(dialect, table)
    return statement.on_conflict_do_update(
        index_elements=["district", "day", "subject"], set_={m: table.c[m] + statement.excluded[m] for m in METRICS}
    )


def replace_contributions(session: Session, new: Mapping[str, tuple[str, Counter[Key]]]) -> int:
    """Store each case's contributions (case id -> (district, contributions)) and move the counters by
    the differences, summed over the cases first so that each counter row is written once: one
    statement to read the old contributions, one to delete, one to insert, one per counter table.
    Returns how many (case, day, subject, metric) contributions changed."""
    old: dict[str, Counter[Key]] = defaultdict(Counter)
    for r in session.execute(select(contributions).where(contributions.c.case_id.in_(sorted(new)))):
        old[r.case_id][(r.day, r.subject, r.metric)] = r.n
    deltas: dict[tuple[str, date, str, str], int] = defaultdict(int)  # (district, day, subject, metric)
    gone, added, moved = [], [], 0
    for case_id, (district, now) in sorted(new.items()):
        before = old[case_id]
        changed = sorted(k for k in set(before) | set(now) if before[k] != now[k])
        moved += len(changed)
        for key in changed:
            deltas[(district, *key)] += now[key] - before[key]
        gone += [(case_id, *key) for key in changed if key in before]
        added += [
            {"case_id": case_id, "day": d, "subject": s, "metric": m, "n": now[(d, s, m)]}
            for d, s, m in changed
            if now[(d, s, m)]
        ]
    if not moved:
        return 0
    _move_counters(session, deltas)
    if gone:
        key = tuple_(contributions.c.case_id, contributions.c.day, contributions.c.subject, contributions.c.metric)
        session.execute(delete(contributions).where(key.in_(gone)))
    if added:
        session.execute(insert(contributions), added)
    return moved


def _move_counters(session: Session, deltas: Mapping[tuple[str, date, str, str], int]) -> None:
    """Add the deltas to the day and month rows, one statement per table. Rows are touched in key
    order so that two transactions never take their row locks in opposite orders."""
    dialect = session.get_bind().dialect.name
    for table, bucket in ((unit_day_counts, lambda d: d), (unit_month_counts, lambda d: d.replace(day=1))):
        rows: dict = defaultdict(lambda: dict.fromkeys(METRICS, 0))
        for (district, day, subject, metric), delta in deltas.items():
            rows[(district, bucket(day), subject)][metric] += delta
        session.execute(
            _add_statement(dialect, table.name),
            [
                {"district": district, "day": day, "subject": subject, **values}
                for (district, day, subject), values in sorted(rows.items())
            ],
        )
