"""A database per service: one engine per process, created on first use (never at import or before fork)."""

from __future__ import annotations

import contextlib
import os
import select
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

# A server that accepts the connection but never answers (hung, or a network that drops packets) fails
# the connect after this long, so a consumer's try, a relay's poll or /readyz is an error, not a wait.
CONNECT_TIMEOUT_SECONDS = 5
# Pooled connections older than this are replaced at checkout (a firewall or proxy may drop idle ones silently).
RECYCLE_SECONDS = 1800


def _closed_by_server(dbapi_connection: Any) -> bool:
    """True when an idle pooled connection can no longer be used, found without a round trip: psycopg
    knows it is closed or broken, or its socket is readable while nothing was asked (an idle session is
    sent something only when it ends: the server's termination notice, or end-of-file on a restart)."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _postgresql_engine(url: str, pool_size: int, read_only: bool) -> Engine:
    """No ``pool_pre_ping``: its ``SELECT 1`` was a round trip per checkout (16-29 % of a busy process).
    A connection the server ended is discarded at checkout by ``_closed_by_server`` and the pool
    connects again; one that dies later fails its statement with an OperationalError, which SQLAlchemy
    answers by emptying the pool, and which the caller already treats as the database being down
    (consumers hold their batch and retry, the web answers 503). A read-only engine's sessions refuse
    writes (``default_transaction_read_only``), on a replica and on a primary alike."""
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=10,
        pool_recycle=RECYCLE_SECONDS,
        connect_args=connect_args,
    )

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: object, _proxy: object) -> None:
        if _closed_by_server(dbapi_connection):
            raise exc.DisconnectionError("the server closed this pooled connection")  # the pool takes a new one

    return engine


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None  # let BEGIN below take effect
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # SQLite has one writer: take the write lock up front so that two relays or consumers
        # never interleave a read-then-write on the same rows.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """Holds the engine for the current process; after a fork the child builds its own.

    ``read_only``: sessions that refuse writes (a streaming replica: ``minqing_kit.replica``)."""

    def __init__(self, url: str, pool_size: int = 5, read_only: bool = False):
        self.url = url
        self.pool_size = pool_size
        self.read_only = read_only
        self._engine: Engine | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    @property
    def dialect(self) -> str:
        return make_url(self.url).get_backend_name()

    @property
    def engine(self) -> Engine:
        if self._engine is None or self._pid != os.getpid():
            with self._lock:
                if self._engine is None or self._pid != os.getpid():
                    if self._engine is not None:
                        self._engine.dispose(close=False)  # the parent's sockets stay the parent's
                    self._engine = self._build()
                    self._pid = os.getpid()
        return self._engine

    def _build(self) -> Engine:
        if self.dialect == "sqlite":
            return _sqlite_engine(self.url)
        return _postgresql_engine(self.url, self.pool_size, self.read_only)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
