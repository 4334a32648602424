"""Store a case's contributions and move the shared counters by the difference, in one transaction."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import and_, delete, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..domain.facts import Key
from .tables import contributions, unit_day_counts


def _upsert(session: Session):
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(unit_day_counts)


def replace_contributions(session: Session, district: str, case_id: str, new: Counter[Key]) -> int:
    """Returns how many counters moved. Counters are touched in key order so that two transactions
    never take their row locks in opposite orders."""
    old = Counter({(r.day, r.subject, r.metric): r.n for r in session.execute(
        select(contributions).where(contributions.c.case_id == case_id))})
    changed = sorted(k for k in set(old) | set(new) if old[k] != new[k])
    if not changed:
        return 0
    statement = _upsert(session)
    statement = statement.on_conflict_do_update(
        index_elements=["district", "day", "subject", "metric"],
        set_={"n": unit_day_counts.c.n + statement.excluded.n})
    session.execute(statement, [{"district": district, "day": day, "subject": subject, "metric": metric,
                                 "n": new[(day, subject, metric)] - old[(day, subject, metric)]}
                                for day, subject, metric in changed])
    gone = [k for k in changed if k in old]
    if gone:
        session.execute(delete(contributions).where(and_(
            contributions.c.case_id == case_id,
            tuple_(contributions.c.day, contributions.c.subject, contributions.c.metric).in_(gone))))
    added = [k for k in changed if new[k]]
    if added:
        session.execute(insert(contributions), [{"case_id": case_id, "day": d, "subject": s, "metric": m,
                                                 "n": new[(d, s, m)]} for d, s, m in added])
    return len(changed)
