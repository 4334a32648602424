"""Statements sent together: on PostgreSQL one round trip for a list of statements that would otherwise
each wait for their answer (psycopg's pipeline mode); on SQLite one after the other.

``pipelined(session, [(statement, params), ...])`` returns each statement's rows, in order (an empty
list for a statement without rows). Use it where statements must stay separate but none needs the answer
of another: the caller reads all the answers once the round trip is back. SQLAlchemy compiles each
statement and processes its parameters exactly as for any execution (its ``do_execute`` event hands the
finished SQL over instead of sending it), so the statements are the ones ``session.execute`` would send,
and engine events (``before_cursor_execute``) see each of them. They run in the session's transaction;
if it has sent nothing yet, its BEGIN goes in the same round trip. An INSERT is sent ``inline()``: a
primary key the database generates is not read back (add ``.returning()`` to read it).

A failing statement raises what SQLAlchemy would have raised for it (``IntegrityError`` ...); the
statements after it are not run, and the transaction is left to be rolled back. Rows are psycopg's named
tuples (attribute and index access, as SQLAlchemy's rows) with the driver's values: no result type
processing, so read through it only columns whose driver values are what the caller needs (PostgreSQL
answers timestamptz as aware datetimes, booleans as bool).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from psycopg.rows import namedtuple_row
from sqlalchemy import Engine, Insert, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from .statements import dialect_name

Statement = tuple[Executable, Mapping[str, Any] | Sequence[Mapping[str, Any]] | None]
_SINK = "minqing_pipelined"  # the execution option that carries the list the compiled SQL goes to
_LISTENING = threading.Lock()
_INLINE: weakref.WeakKeyDictionary[Insert, Insert] = weakref.WeakKeyDictionary()  # what ``_inline`` made


def pipelined(session: Session, statements: Sequence[Statement]) -> list[list[Any]]:
    """Each statement's rows, all statements sent in one round trip (PostgreSQL)."""
    if dialect_name(session) != "postgresql":
        return [_rows(session.execute(statement, params)) for statement, params in statements]
    connection = session.connection()
    _listen(connection.engine)
    compiled: list[tuple[str, Any, bool]] = []
    for statement, params in statements:
        if isinstance(statement, Insert):  # a generated primary key is not read back: nothing would wait for it
            statement = _inline(statement)
        connection.execute(statement, params, execution_options={_SINK: compiled})
    driver: Any = connection.connection.driver_connection
    cursors = []
    try:
        with driver.pipeline():
            for sql, values, many in compiled:
                cursor = driver.cursor(row_factory=namedtuple_row)
                (cursor.executemany if many else cursor.execute)(sql, values)
                cursors.append(cursor)
        return [cursor.fetchall() if cursor.description else [] for cursor in cursors]
    except connection.dialect.loaded_dbapi.Error as exc:
        lost = bool(driver.closed)
        if lost:
            connection.invalidate(exc)
        batch = ";\n".join(sql for sql, _values, _many in compiled)  # without the values: they may be personal
        raise DBAPIError.instance(
            batch, None, exc, connection.dialect.loaded_dbapi.Error, connection_invalidated=lost
        ) from exc
    finally:
        for cursor in cursors:
            cursor.close()


def _inline(statement: Insert) -> Insert:
    """The statement's ``inline()`` copy, made once per statement: a new copy per call would make
    SQLAlchemy compute its cache key again on every execution."""
    found = _INLINE.get(statement)
    if found is None:
        found = _INLINE[statement] = statement.inline()
    return found


def _rows(result: Any) -> list[Any]:
    return list(result.all()) if result.returns_rows else []


def _listen(engine: Engine) -> None:
    """The hand-over hooks, once per engine (under a lock: a web process's threads may get here at once)."""
    with _LISTENING:
        if not event.contains(engine, "do_execute", _hand_over):
            event.listen(engine, "do_execute", _hand_over)
            event.listen(engine, "do_executemany", _hand_over_many)


def _hand_over(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
    """SQLAlchemy's execution of a statement that ``pipelined`` sends: the SQL and its parameters go to
    the list instead of the server (True: executed, as far as SQLAlchemy is concerned)."""
    sink = context.execution_options.get(_SINK)
    if sink is None:
        return False
    sink.append((statement, parameters, False))
    return True


def _hand_over_many(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
    sink = context.execution_options.get(_SINK)
    if sink is None:
        return False
    sink.append((statement, parameters, True))
    return True
