"""A PostgreSQL cluster of our own on a free port, that a test (or a bench) may stop and start again.

The machine's server is shared by everyone's test runs and is never stopped. As root, the cluster
runs as the ``postgres`` account (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from private_rabbitmq import free_port

from minqing_kit.migrations import upgrade


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)), None
    )
    return Path(found).resolve().parent if found else None  # /usr/local/bin may link pg_ctl alone


class PrivatePostgres:
    def __init__(self):
        self.bindir = _bindir()
        self.directory = Path(tempfile.mkdtemp(prefix="minqing-pg-"))  # outside pytest's 0700 tree
        self.data = self.directory / "data"
        self.port = free_port()
        self._account = pwd.getpwnam("postgres") if os.geteuid() == 0 else None

    @staticmethod
    def available() -> bool:
        return _bindir() is not None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self._account is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def initialise(self) -> PrivatePostgres:
        if self._account is not None:
            os.chown(self.directory, self._account.pw_uid, self._account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")
        return self.start()

    def start(self) -> PrivatePostgres:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.directory / "server.log"),
            "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
        return self

    def standby(self) -> PrivatePostgres:
        """A streaming replica of this (running) server on its own port: ``pg_basebackup -R`` copies the
        data directory and writes the standby's primary_conninfo; the standby then replays the primary's
        WAL as it comes and answers reads only (hot standby). initdb's trust rules allow the replication
        connection from 127.0.0.1."""
        replica = PrivatePostgres()
        if replica._account is not None:
            os.chown(replica.directory, replica._account.pw_uid, replica._account.pw_gid)
        replica._run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
            *("-D", str(replica.data), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"),
        )
        with (replica.data / "postgresql.auto.conf").open("a") as conf:
            conf.write("wal_retrieve_retry_interval = '200ms'\n")  # reconnect soon after the primary restarts
        return replica.start()

    def stop(self) -> None:
        """Fast shutdown: open sessions are ended (57P01) and new connections refused."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.directory, ignore_errors=True)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def private_server() -> Iterator[PrivatePostgres]:
    """A started private cluster, destroyed afterwards; the test fails when the binaries are missing."""
    if not PrivatePostgres.available():
        pytest.fail("PostgreSQL's server binaries are not installed: apt-get install -y postgresql")
    server = PrivatePostgres().initialise()
    try:
        yield server
    finally:
        server.destroy()


@contextlib.contextmanager
def replicated(name: str, migrations: str) -> Iterator[tuple[PrivatePostgres, str, PrivatePostgres]]:
    """(a private primary, the URL of database ``name`` on it migrated with ``migrations``, a streaming
    standby of it): a service's DATABASE_URL and, with ``standby.url(name)``, its READ_DATABASE_URL."""
    with private_server() as primary:
        url = primary.create_database(name)
        upgrade(migrations, url)
        standby = primary.standby()
        try:
            yield primary, url, standby
        finally:
            standby.destroy()


def replay(standby: PrivatePostgres, action: str) -> None:
    """``pause`` or ``resume`` the standby's replay: paused, it receives the primary's WAL and falls behind."""
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{standby.port}/postgres", autocommit=True) as admin:
        admin.execute(f"SELECT pg_wal_replay_{action}()")
