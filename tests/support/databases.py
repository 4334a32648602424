"""PostgreSQL for the tests, in this order: MINQING_TEST_PG_URL (an admin URL); the machine's server
on 127.0.0.1:5432 as user postgres; testcontainers when a Docker engine answers; a private server
started with the local initdb/pg_ctl; otherwise fail. Every database made here is dropped after."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from .broker import docker_answers, port_open

MACHINE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def can_connect(url: str) -> bool:
    try:
        with psycopg.connect(_libpq(url), connect_timeout=3):
            return True
    except Exception:
        return False


class Postgres:
    """The server, and every database made on it. ``copy`` and ``drop_later`` keep PostgreSQL's slow part
    out of a test's own time: CREATE DATABASE from a template writes the whole copy to the WAL, and DROP
    DATABASE waits for a checkpoint (0.2-1 s each on a quiet machine, 2-5 s on a busy one), so a spare copy
    of each template is made in the background while a test runs, and databases are dropped in the
    background after it, in batches (``Drops``): drops that wait at the same time share one checkpoint."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.created: list[str] = []
        self._spare_maker = ThreadPoolExecutor(max_workers=2, thread_name_prefix="postgres-spares")
        self._spares: dict[tuple[str, str], Future[str]] = {}
        self._drops = Drops(self._drop_name)

    def _admin(self):
        return psycopg.connect(_libpq(self.admin_url), autocommit=True)

    def create(self, label: str, template: str | None = None) -> str:
        name = f"minqing_test_{label}_{uuid.uuid4().hex[:8]}"
        self.created.append(name)  # before CREATE: drop_all removes it even if the statement is interrupted
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def copy(self, label: str, template: str) -> str:
        """A new database copied from ``template``: the spare made in the background if there is one (else
        made now), and the next spare started. Spares have a thread of their own, never behind drops."""
        key = (label, template)
        spare = self._spares.pop(key, None)
        url = spare.result() if spare is not None else self.create(label, template)
        self._spares[key] = self._spare_maker.submit(self.create, label, template)
        return url

    def drop(self, url: str) -> None:
        self._drop_name(make_url(url).database)

    def _drop_name(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_later(self, url: str) -> None:
        """Drop in the background (its connections are ended, as by ``drop``); ``drop_all`` waits for it."""
        self._drops.add(make_url(url).database)

    def drop_all(self) -> None:
        """Every database made here that is still there (spares, templates, a drop that failed), dropped
        together after the background drops end."""
        for future in self._spares.values():
            try:
                future.result()
            except Exception:
                pass  # dropped below if it was made
        self._spare_maker.shutdown(wait=True)
        self._drops.close()
        try:
            with self._admin() as connection:
                rows = connection.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", [self.created])
                left = [row[0] for row in rows]
        except Exception:
            left = list(self.created)
        drop_together(self._drop_name, left)


# DROP DATABASE statements waiting at once: 8 of them took 0.5 s here at load 15, 34 s one after the other
DROPS_AT_ONCE = 8


def drop_together(drop: Callable[[str], None], names: list[str]) -> None:
    """``drop(name)`` for every name, up to DROPS_AT_ONCE at a time, so that they share checkpoints; a
    failure is left for ``drop_all``'s final pass."""
    if not names:
        return
    with ThreadPoolExecutor(max_workers=min(DROPS_AT_ONCE, len(names)), thread_name_prefix="postgres-drop") as pool:
        for future in [pool.submit(drop, name) for name in names]:
            try:
                future.result()
            except Exception:
                pass


class Drops:
    """Databases given back, dropped by one background thread in batches: all that are waiting when it
    turns to them. DROP DATABASE asks for a checkpoint and waits for it, and the checkpointer answers every
    request waiting at once with one checkpoint, so a batch costs about as much as one drop."""

    def __init__(self, drop: Callable[[str], None]):
        self._drop = drop
        self._waiting: list[str] = []
        self._closed = False
        self._turn = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="postgres-drops", daemon=True)
        self._thread.start()

    def add(self, name: str) -> None:
        with self._turn:
            self._waiting.append(name)
            self._turn.notify()

    def close(self) -> None:
        """Drop what is waiting and stop."""
        with self._turn:
            self._closed = True
            self._turn.notify()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._turn:
                while not self._waiting and not self._closed:
                    self._turn.wait()
                batch, self._waiting = self._waiting, []
                if not batch and self._closed:
                    return
            drop_together(self._drop, batch)


def _private_postgres(directory: Path):
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = shutil.which("initdb") or (binaries[-1] if binaries else None)
    if not initdb:
        return None
    bindir = Path(initdb).parent
    data = directory / "pgdata"
    user_args = []
    if os.geteuid() == 0:
        raise RuntimeError("a private PostgreSQL cannot run as root; set MINQING_TEST_PG_URL instead")
    subprocess.run(
        [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", *user_args],
        check=True,
        capture_output=True,
    )
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            f"-p {port} -k {directory}",
            "-w",
            "start",
            "-l",
            str(directory / "pg.log"),
        ],
        check=True,
        capture_output=True,
    )
    stop = lambda: subprocess.run(
        [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],  # noqa: E731
        capture_output=True,
    )
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


def find_postgres(tmp_dir: Path):
    url = os.environ.get("MINQING_TEST_PG_URL")
    if url:
        return Postgres(url), lambda: None
    if port_open(5432) and can_connect(MACHINE_URL):
        return Postgres(MACHINE_URL), lambda: None
    if docker_answers():
        os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer(os.environ.get("MINQING_POSTGRES_IMAGE", "postgres:15"), driver="psycopg")
        container.start()
        return Postgres(container.get_connection_url()), container.stop
    started = _private_postgres(tmp_dir)
    if started:
        return Postgres(started[0]), started[1]
    raise RuntimeError(
        "no PostgreSQL for the tests: set MINQING_TEST_PG_URL, start one on 127.0.0.1:5432, "
        "start a Docker engine, or install postgresql (apt-get install -y postgresql)"
    )
