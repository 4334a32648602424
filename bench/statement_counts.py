"""Statements and commits on one engine, counted with SQLAlchemy's events (an executemany counts once)."""

from __future__ import annotations

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
