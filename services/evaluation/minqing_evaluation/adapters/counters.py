"""Store cases' contributions and move the shared counters by the differences, in one transaction.

Split in two so that a consumer batch sends each half with the read model's other statements
(``minqing_kit.pipeline``): ``stored_query`` reads the cases' old contributions; ``replacing`` gives the
statements that store the new ones and move the counters, none needing another's answer."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, insert, select, tuple_

from minqing_kit.pipeline import Statement
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


def stored_query(case_ids: Iterable[str]) -> Select[Any]:
    """The contributions stored for these cases (rows of case_id, day, subject, metric, n)."""
    return select(contributions).where(contributions.c.case_id.in_(sorted(case_ids)))


def replacing(dialect: str, stored: Iterable[Any], new: Mapping[str, tuple[str, Counter[Key]]]) -> list[Statement]:
    """The statements that store each case's contributions (case id -> (district, contributions)) in place
    of those ``stored`` (``stored_query``'s rows) and move the counters by the differences, summed over
    the cases first so that each counter row is written once: one to delete, one to insert, one per
    counter table; none when nothing changed."""
    old: dict[str, Counter[Key]] = defaultdict(Counter)
    for r in stored:
        old[r.case_id][(r.day, r.subject, r.metric)] = r.n
    deltas: dict[tuple[str, date, str, str], int] = defaultdict(int)  # (district, day, subject, metric)
    gone, added = [], []
    for case_id, (district, now) in sorted(new.items()):
        before = old[case_id]
        changed = sorted(k for k in set(before) | set(now) if before[k] != now[k])
        for key in changed:
            deltas[(district, *key)] += now[key] - before[key]
        gone += [(case_id, *key) for key in changed if key in before]
        added += [
            {"case_id": case_id, "day": d, "subject": s, "metric": m, "n": now[(d, s, m)]}
            for d, s, m in changed
            if now[(d, s, m)]
        ]
    if not deltas:
        return []
    statements: list[Statement] = _counter_moves(dialect, deltas)
    if gone:
        key = tuple_(contributions.c.case_id, contributions.c.day, contributions.c.subject, contributions.c.metric)
        statements.append((delete(contributions).where(key.in_(gone)), None))
    if added:
        statements.append((insert(contributions), added))
    return statements


def _counter_moves(dialect: str, deltas: Mapping[tuple[str, date, str, str], int]) -> list[Statement]:
    """Add the deltas to the day and month rows, one statement per table. Rows are touched in key
    order so that two transactions never take their row locks in opposite orders."""
    statements: list[Statement] = []
    for table, bucket in ((unit_day_counts, lambda d: d), (unit_month_counts, lambda d: d.replace(day=1))):
        rows: dict = defaultdict(lambda: dict.fromkeys(METRICS, 0))
        for (district, day, subject, metric), delta in deltas.items():
            rows[(district, bucket(day), subject)][metric] += delta
        values = [
            {"district": district, "day": day, "subject": subject, **values}
            for (district, day, subject), values in sorted(rows.items())
        ]
        statements.append((_add_statement(dialect, table.name), values))
    return statements
