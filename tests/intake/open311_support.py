"""A live intake under gunicorn for the Open311 tests, with a registered client; and a POST helper.

One gunicorn serves every Open311 module (``open311_gunicorn``, tests/intake/conftest.py): starting one took
4-5 s of each test's setup. Each test still starts from nothing: ``server`` empties the database (every
table, as the migrated template leaves it), registers a client of its own (the previous test's key no
longer exists) and reads only its own part of the server's log."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from minqing_intake.open311.clients import add_client
from minqing_kit.db import Database
from support.workers import wait_for

from .helpers import PHONE

VENV_BIN = os.path.dirname(sys.executable)
KEPT = {"alembic_version"}  # the one table the migrations fill


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn_serving(settings, log: Path) -> Iterator[str]:
    """Intake under the deployments' one gunicorn configuration (two workers), its stderr in ``log``;
    yields the Open311 base URL once discovery answers. Schemathesis now and then sends a URL longer
    than gunicorn's default 4,094 bytes, which the configuration lets through to intake's JSON answers."""
    port = free_port()
    # the settings back as variables; an empty PROMETHEUS_MULTIPROC_DIR would still switch prometheus_client
    # to multiprocess files (in the working directory)
    env = {
        **os.environ,
        **{
            k: str(v.get_secret_value() if isinstance(v, SecretStr) else v)
            for k, v in settings.model_dump().items()
            if k != "PROMETHEUS_MULTIPROC_DIR"
        },
    }
    command = [os.path.join(VENV_BIN, "gunicorn"), "-c", "python:minqing_kit.gunicorn_conf", "-w", "2"]
    command += ["-b", f"127.0.0.1:{port}", "minqing_intake.wsgi:app"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    base = f"http://127.0.0.1:{port}/open311/v2"

    def up():
        try:
            return requests.get(f"{base}/discovery.json", timeout=5).ok
        except (requests.ConnectionError, requests.Timeout):
            return False

    try:
        wait_for(up, timeout=30, what="gunicorn serving")
        yield base
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        process.wait(timeout=20)


def filled_tables(database_url: str) -> list[str]:
    """The tables holding rows, beside the migrations' own."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            names = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
            counted = {n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    finally:
        engine.dispose()
    return sorted(name for name, rows in counted.items() if rows and name not in KEPT)


def emptied(database_url: str) -> None:
    """Every table but the migrations' own emptied and its sequences restarted: the template's state."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            names = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
            tables = ", ".join(f'"{name}"' for name in names if name not in KEPT)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def server(open311_gunicorn):
    """The Open311 gunicorn on an emptied database, with a client registered for this test alone; after the
    test, no log line the server wrote during it holds the reporter's phone."""
    emptied(open311_gunicorn["database_url"])
    db = Database(open311_gunicorn["database_url"])
    _, api_key = add_client(db, "test client")
    db.dispose()
    log: Path = open311_gunicorn["log"]
    start = log.stat().st_size
    yield {"base": open311_gunicorn["base"], "api_key": api_key, "database_url": open311_gunicorn["database_url"]}
    with log.open("rb") as written:
        written.seek(start)
        lines = written.read().decode("utf-8").splitlines()
    assert not any(PHONE in line for line in lines)  # the reporter's phone reached no log line of the server


def post(server, fmt: str, **fields):
    data = {
        "api_key": server["api_key"],
        "jurisdiction_id": "xinlin",
        "service_code": "municipal",
        "lat": "51.6812",
        "long": "124.4005",
        "description": "幸福小区4号楼门口的路灯坏了一个月,晚上很黑。",
        "phone": PHONE,
        "first_name": "李",
        "last_name": "明",
        **fields,
    }
    return requests.post(f"{server['base']}/requests.{fmt}", data=data, timeout=10)
