"""Rate limits kept in the database, so every gunicorn worker and every intake process shares them.

A sliding window approximated from two fixed windows (the current count plus the previous window's
count weighted by how much of it still overlaps the sliding window). One upsert that also reads the
previous window per check (one round trip, or none of its own when it goes with a submission's other
statements: ``counting`` and ``verdict``); old windows are swept now and then.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from typing import Any

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


def counting(session: Session, bucket: str, window_seconds: int, now: datetime) -> tuple[Any, dict]:
    """The statement that counts one hit and reads the previous window, with its values: for
    ``session.execute``, or to send with other statements (``minqing_kit.pipeline``); ``verdict`` reads
    its row."""
    start = _window_start(now, window_seconds)
    values = {"of_bucket": bucket, "start": start, "previous_start": start - timedelta(seconds=window_seconds)}
    return COUNT_HIT[session.get_bind().dialect.name], values


def hit(session: Session, bucket: str, limit: int, window_seconds: int, now: datetime | None = None) -> int | None:
    """Count one hit; return None when allowed, else the seconds to wait (Retry-After)."""
    now = now or datetime.now(UTC)
    statement, values = counting(session, bucket, window_seconds, now)
    return verdict(session, session.execute(statement, values).one(), limit, window_seconds, now)


def verdict(session: Session, row: Any, limit: int, window_seconds: int, now: datetime) -> int | None:
    """From the counting statement's row (this window's hits, the previous window's): None when
    allowed, else the seconds to wait. Now and then it sweeps windows older than a day."""
    current, previous = row[0], row[1] or 0
    epoch = now.timestamp()
    start_ts = _window_start(now, window_seconds).timestamp()
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


def _window_start(now: datetime, window_seconds: int) -> datetime:
    epoch = now.timestamp()
    return datetime.fromtimestamp(epoch - epoch % window_seconds, UTC)
