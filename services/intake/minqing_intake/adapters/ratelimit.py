"""Rate limits kept in the database, so every gunicorn worker and every intake process shares them.

A sliding window approximated from two fixed windows (the current count plus the previous window's
count weighted by how much of it still overlaps the sliding window). One upsert that also reads the
previous window per check (one round trip); old windows are swept now and then.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from minqing_kit.statements import dialect_insert

from .tables import rate_windows as windows


def _counting_statement(dialect: str):
    """Count the hit and read the previous window's count in one round trip."""
    before = select(windows.c.hits).where(
        windows.c.bucket == bindparam("of_bucket"), windows.c.window_start == bindparam("previous_start")
    )
    statement = dialect_insert(dialect, windows).values(
        bucket=bindparam("of_bucket"), window_start=bindparam("start"), hits=1
    )
    statement = statement.on_conflict_do_update(
        index_elements=[windows.c.bucket, windows.c.window_start], set_={"hits": windows.c.hits + 1}
    )
    return statement.returning(windows.c.hits, before.scalar_subquery())


COUNT_HIT = {dialect: _counting_statement(dialect) for dialect in ("postgresql", "sqlite")}


def _upsert(session: Session, bucket: str, start: datetime, previous: datetime) -> tuple[int, int]:
    statement = COUNT_HIT[session.get_bind().dialect.name]
    values = {"of_bucket": bucket, "start": start, "previous_start": previous}
    current, earlier = session.execute(statement, values).one()
    return current, earlier or 0


def hit(session: Session, bucket: str, limit: int, window_seconds: int, now: datetime | None = None) -> int | None:
    """Count one hit; return None when allowed, else the seconds to wait (Retry-After)."""
    now = now or datetime.now(UTC)
    epoch = now.timestamp()
    start_ts = epoch - epoch % window_seconds
    start = datetime.fromtimestamp(start_ts, UTC)
    current, previous = _upsert(session, bucket, start, start - timedelta(seconds=window_seconds))
    overlap = 1 - (epoch - start_ts) / window_seconds
    if random.random() < 0.01:
        session.execute(delete(windows).where(windows.c.window_start < now - timedelta(days=1)))
    if current + previous * overlap <= limit:
        return None
    if current > limit:
        return max(1, math.ceil(start_ts + window_seconds - epoch))
    # over only because of the previous window: wait until enough of it has slid out
    needed = (current + previous * overlap - limit) / previous
    return max(1, math.ceil(needed * window_seconds))
