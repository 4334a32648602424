"""CPU time of a process and of the PostgreSQL backends behind an engine's connections, from /proc: the
benchmarks that run a service's code in their own process count what it and its database spent, and
nothing else the machine runs."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (its threads included), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Backends:
    """The pid of the PostgreSQL backend behind each connection the engine opens, and their CPU."""

    def __init__(self, engine):
        self.pids: set[int] = set()
        event.listen(engine, "connect", self._connected)

    def _connected(self, dbapi_connection, _record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.pids.add(cursor.fetchone()[0])

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids if Path(f"/proc/{pid}").exists())
