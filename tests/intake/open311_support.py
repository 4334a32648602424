"""A live intake under gunicorn for the Open311 tests, with a registered client; and a POST helper."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
import requests
from pydantic import SecretStr

from minqing_intake.definition import DEFINITION
from minqing_intake.open311.clients import add_client
from support.workers import wait_for

from .helpers import DEMO_DISTRICTS, PHONE

VENV_BIN = os.path.dirname(sys.executable)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(make_settings, keys, tmp_path):
    settings = make_settings(
        DEFINITION,
        DISTRICTS_DIR=DEMO_DISTRICTS,
        RATE_LIMIT_ADDRESS="0",
        OPEN311_DEFAULT_JURISDICTION="xinlin",
        NOTIFY_PUBLIC_KEY=keys["notify_public"],
    )
    from minqing_kit.db import Database

    db = Database(settings.DATABASE_URL)
    _, api_key = add_client(db, "test client")
    db.dispose()
    port, log = free_port(), tmp_path / "gunicorn.log"
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
    # The deployments' one gunicorn configuration: schemathesis now and then sends a URL longer than
    # gunicorn's default 4,094 bytes, which it lets through to intake's JSON answers instead of HTML.
    process = subprocess.Popen(
        [
            os.path.join(VENV_BIN, "gunicorn"),
            "-c",
            "python:minqing_kit.gunicorn_conf",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "minqing_intake.wsgi:app",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    base = f"http://127.0.0.1:{port}/open311/v2"

    def up():
        try:
            return requests.get(f"{base}/discovery.json", timeout=5).ok
        except (requests.ConnectionError, requests.Timeout):
            return False

    wait_for(up, timeout=30, what="gunicorn serving")
    yield {"base": base, "api_key": api_key, "process": process, "database_url": settings.DATABASE_URL}
    process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    process.wait(timeout=20)
    lines = log.read_text(encoding="utf-8").splitlines()
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
