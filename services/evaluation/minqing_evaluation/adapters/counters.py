"""Store a case's contributions and move the shared counters by the difference, in one transaction."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict

from sqlalchemy import and_, delete, insert, select, tuple_
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


def replace_contributions(session: Session, district: str, case_id: str, new: Counter[Key]) -> int:
    """Returns how many (day, subject, metric) counters moved."""
    old = Counter(
        {
            (r.day, r.subject, r.metric): r.n
            for r in session.execute(select(contributions).where(contributions.c.case_id == case_id))
        }
    )
    changed = sorted(k for k in set(old) | set(new) if old[k] != new[k])
    if not changed:
        return 0
    _move_counters(session, district, {k: new[k] - old[k] for k in changed})
    gone = [k for k in changed if k in old]
    if gone:
        session.execute(
            delete(contributions).where(
                and_(
                    contributions.c.case_id == case_id,
                    tuple_(contributions.c.day, contributions.c.subject, contributions.c.metric).in_(gone),
                )
            )
        )
    added = [k for k in changed if new[k]]
    if added:
        session.execute(
            insert(contributions),
            [{"case_id": case_id, "day": d, "subject": s, "metric": m, "n": new[(d, s, m)]} for d, s, m in added],
        )
    return len(changed)


def _move_counters(session: Session, district: str, deltas: dict[Key, int]) -> None:
    """Add the deltas to the day and month rows. Rows are touched in key order so that two
    transactions never take their row locks in opposite orders."""
    dialect = session.get_bind().dialect.name
    for table, bucket in ((unit_day_counts, lambda d: d), (unit_month_counts, lambda d: d.replace(day=1))):
        rows: dict = defaultdict(lambda: dict.fromkeys(METRICS, 0))
        for (day, subject, metric), delta in deltas.items():
            rows[(bucket(day), subject)][metric] += delta
        session.execute(
            _add_statement(dialect, table.name),
            [
                {"district": district, "day": day, "subject": subject, **values}
                for (day, subject), values in sorted(rows.items())
            ],
        )
