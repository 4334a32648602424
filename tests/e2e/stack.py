"""Run scripts/stack.py (what `make up` runs) as a user would, on the test broker and PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "routing", "evaluation", "notify")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    def __init__(self, amqp_url: str, pg_admin_url: str, run_dir: Path, extra_env: dict | None = None):
        self.ports = {service: free_port() for service in (*SERVICES, "public")}  # public: the residents' gateway
        self.prefix = f"minqing_e2e_{uuid.uuid4().hex[:6]}"
        self.run_dir = run_dir
        self.env = dict(
            os.environ,
            AMQP_URL=amqp_url,
            DATABASE_URL=pg_admin_url,
            MINQING_RUN_DIR=str(run_dir),
            MINQING_DATABASE_PREFIX=self.prefix,
            WEB_WORKERS="2",
            PASSWORD_HASH_COST="4",  # as make_settings: each sign-in's scrypt at n = 16
            **{f"{s.upper()}_PORT": str(p) for s, p in self.ports.items()},
            **(extra_env or {}),
        )
        self.process: subprocess.Popen | None = None
        self.output: list[str] = []

    @property
    def amqp_url(self) -> str:
        return self.env["AMQP_URL"]

    def url(self, service: str, path: str = "") -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def start(self, timeout: float = 150) -> Stack:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "stack.py")],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                self._abandon()
                raise AssertionError("stack exited:\n" + "".join(self.output))
            self.output.append(line)
            if "processes" in line and "Ctrl-C" in line:
                return self
        self._abandon()
        raise AssertionError("stack did not come up:\n" + "".join(self.output))

    def _abandon(self) -> None:
        """After a failed start: stop stack.py, and end the processes it left running if it died (each is
        its own session, with its gunicorn workers): on a shared machine they would hold ports and
        PostgreSQL connections until someone noticed."""
        with contextlib.suppress(Exception):
            self.stop(timeout=30)
        path = self.run_dir / "status.json"
        entries = json.loads(path.read_text(encoding="utf-8"))["processes"].values() if path.exists() else []
        for pid in (entry.get("pid") for entry in entries):
            if pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGTERM)

    def stop(self, timeout: float = 60) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.output.append(rest)
        return self.process.returncode

    def log(self, process: str) -> str:
        path = self.run_dir / "logs" / f"{process}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def get(self, service: str, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url(service, path), timeout=10, **kwargs)

    def post(self, service: str, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url(service, path), timeout=10, **kwargs)

    @property
    def demo_password(self) -> str:
        """The development sign-in the stack generated (every configured person signs in with it)."""
        return json.loads((self.run_dir / "keys.json").read_text(encoding="utf-8"))["demo_password"]

    def staff_headers(self, person: str, district: str = "xinlin") -> dict:
        """A bearer token for a configured person, from routing's sign-in."""
        answer = self.post(
            "routing",
            "/api/v1/auth/login",
            json={"district": district, "person_id": person, "password": self.demo_password},
        )
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['token']}"}


@contextlib.contextmanager
def running_stack(amqp_url: str, postgres, directory: Path, extra_env: dict | None = None):
    """A started stack for a test module; stopped and its databases dropped afterwards (in the background,
    with the tests' other databases: each DROP DATABASE waits for a checkpoint)."""
    stack = Stack(amqp_url, postgres.admin_url, directory, extra_env)
    try:
        yield stack.start()
    finally:
        stack.stop()
        admin = make_url(postgres.admin_url)
        for service in SERVICES:
            postgres.drop_later(admin.set(database=f"{stack.prefix}_{service}").render_as_string(hide_password=False))


@contextlib.contextmanager
def stack_on_its_own_vhost(broker, postgres, directory: Path, extra_env: dict | None = None):
    """A started stack on a vhost of its own, for a package's modules to share; the vhost given back after."""
    amqp_url = broker.new_vhost()
    try:
        with running_stack(amqp_url, postgres, directory, extra_env) as running:
            yield running
    finally:
        broker.drop_vhost(amqp_url)
