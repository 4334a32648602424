"""Whose fault a failure is: the event's, the infrastructure's, or nobody's yet.

- ``NotReadyYet``: a handler met an event that came before what it depends on (a reopen before its
  case). The consumer delays the event and tries again; it parks it only after a bounded time.
- ``is_transient(exc)``: the database (or broker) did not answer, lost the connection, or gave up on
  the transaction for reasons of its own (serialization failure, deadlock, SQLite's "database is
  locked"). Not the event's fault: consumers hold their messages and retry, web processes answer 503.
- anything else is the handler's fault, and counts toward parking — on a healthy database only.
"""

from __future__ import annotations

import sqlite3

import kombu.exceptions
import psycopg
from sqlalchemy import exc as sa

# SQLSTATEs that say nothing about the statement: 40001 serialization failure, 40P01 deadlock,
# 53300 too many connections; classes 08 (connection exception) and 57P0x (shutdown, crash, starting).
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "53300"})
TRANSIENT_SQLSTATE_PREFIXES = ("08", "57P0")
SQLITE_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})


class NotReadyYet(Exception):
    """Raised by a handler when what the event depends on has not arrived yet: retried with a delay."""


class DatabaseUnavailable(Exception):
    """The database did not answer while events were handled: the consumer holds them and retries."""


def _transient_driver_error(error: BaseException | None) -> bool | None:
    """The verdict on a driver's own exception, or None when this is not a driver exception we know."""
    if isinstance(error, psycopg.Error):
        state = error.sqlstate
        if state is None:  # raised by the client: connection refused, closed, lost
            return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError))
        return state in TRANSIENT_SQLSTATES or state.startswith(TRANSIENT_SQLSTATE_PREFIXES)
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorname", "") in SQLITE_BUSY or "database is locked" in str(error)
    return None


def is_transient(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) is the database or broker failing, not the work itself."""
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(
            error, (DatabaseUnavailable, sa.TimeoutError, sa.DisconnectionError, kombu.exceptions.OperationalError)
        ):
            return True
        if isinstance(error, sa.DBAPIError):
            if error.connection_invalidated:
                return True
            verdict = _transient_driver_error(error.orig)
            if verdict is not None:
                return verdict
            if isinstance(error, (sa.OperationalError, sa.InterfaceError)):  # another driver's
                return True
        verdict = _transient_driver_error(error)
        if verdict is not None:
            return verdict
        error = error.__cause__ or error.__context__
    return False


def describe(exc: BaseException) -> str:
    """One line for logs and headers: the exception's type and first line, no statement or parameters."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]
