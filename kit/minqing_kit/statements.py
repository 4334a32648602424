"""The database idioms every service shares, written once for PostgreSQL and SQLite.

- ``insert_ignoring_duplicates``: ``INSERT ... ON CONFLICT DO NOTHING``. Both databases speak it, but
  SQLAlchemy spells it with each dialect's own insert construct; ``dialect_insert`` is that construct,
  for the upserts (``on_conflict_do_update``) too. Statements are plain constructs: build one once
  and bind values per call (``session.execute(statement, rows)``), or add ``.values()`` per call.
- ``claim_rows``: ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so that replicas claim
  different rows and never wait for each other. On SQLite the query runs as it is: ``minqing_kit.db``
  opens every transaction with ``BEGIN IMMEDIATE``, so a claimer holds the only write lock until it
  commits and no other process can claim at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Select, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .db import Database

_INSERTS: dict[str, Callable[[Table], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def dialect_name(source: str | Database | Session) -> str:
    """'postgresql' or 'sqlite', from a dialect name, a Database or a Session bound to one."""
    if isinstance(source, Session):
        return source.get_bind().dialect.name
    if isinstance(source, Database):
        return source.dialect
    return source


def dialect_insert(source: str | Database | Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT construct, which has ``on_conflict_do_nothing`` and ``on_conflict_do_update``."""
    name = dialect_name(source)
    if name not in _INSERTS:
        raise ValueError(f"unsupported database dialect {name!r}: use PostgreSQL or SQLite")
    return _INSERTS[name](table)


def insert_ignoring_duplicates(
    source: str | Database | Session, table: Table, *, index_elements: Sequence[Any] | None = None
) -> postgresql.Insert | sqlite.Insert:
    """``INSERT INTO table ... ON CONFLICT [(index_elements)] DO NOTHING``: a row that would break a
    unique constraint (the one on ``index_elements``, or any when None) is left out without an error.
    Add ``.returning(...)`` to learn which rows went in."""
    return dialect_insert(source, table).on_conflict_do_nothing(index_elements=index_elements)


def claiming(source: str | Database | Session, query: Select[Any]) -> Select[Any]:
    """``query`` as ``claim_rows`` runs it on that database, to build once for a query run again and again
    (``claim_rows`` takes either; a query that already has its FOR UPDATE runs as it is)."""
    if dialect_name(source) == "postgresql" and query._for_update_arg is None:
        return query.with_for_update(skip_locked=True)
    return query


def claim_rows(session: Session, query: Select[Any], params: Mapping[str, Any] | None = None) -> list[Row[Any]]:
    """The rows of ``query`` (with ``params`` bound), locked until the transaction ends, skipping rows
    another transaction holds (PostgreSQL); on SQLite, the rows as they are (the transaction holds the
    only write lock)."""
    return list(session.execute(claiming(session, query), params).all())
