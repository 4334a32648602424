"""Statements and commits on one engine, counted with SQLAlchemy's events (an executemany counts once), and
round trips from libpq's trace of each of its connections."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event


class Tally:
    """Statements and commits on one engine, read per phase."""

    def __init__(self, engine):
        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *_args) -> None:
        self.statements += 1

    def _commit(self, *_args) -> None:
        self.commits += 1

    def read(self) -> tuple[int, int]:
        """What happened since the last read."""
        figures = (self.statements, self.commits)
        self.statements = self.commits = 0
        return figures


class TracedTally(Tally):
    """Statements and commits, and round trips from each connection's libpq trace file."""

    def __init__(self, engine, directory: Path, trace: bool = True):
        """``trace=False``: statements and commits only (round trips 0), without the trace's own CPU."""
        super().__init__(engine)
        self.trips_before = 0
        self.traces: list = []  # (trace file, its handle, the psycopg connection)
        self.directory = directory
        if trace:
            event.listen(engine, "connect", self._trace)

    def _trace(self, dbapi_connection, _record) -> None:
        path = self.directory / f"trace-{len(self.traces)}.txt"
        handle = path.open("w")  # kept open with the connection: libpq writes to it
        dbapi_connection.pgconn.trace(handle.fileno())
        self.traces.append((path, handle, dbapi_connection))

    def round_trips(self) -> int:
        total = 0
        for path, handle, connection in self.traces:
            if not connection.closed:  # libpq buffers its trace: untrace flushes it, then tracing goes on
                connection.pgconn.untrace()
                connection.pgconn.trace(handle.fileno())
            total += path.read_text().count("\tReadyForQuery\t")
        return total

    def read_all(self) -> tuple[int, int, int]:
        """Statements, commits and round trips since the last read."""
        trips = self.round_trips()
        statements, commits = self.read()
        figures = (statements, commits, trips - self.trips_before)
        self.trips_before = trips
        return figures
