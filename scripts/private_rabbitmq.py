"""Start and stop a private RabbitMQ node: its own node name, data directory and ports.

Used by ``make up`` when no broker answers at AMQP_URL, and by the test suite's fixtures when
nothing else provides a broker (and by the test that stops and restarts a broker mid-stream).
``python scripts/private_rabbitmq.py start|stop --dir run/rabbitmq --port 5673``
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRabbit:
    def __init__(self, directory: str | Path, port: int | None = None, name: str | None = None):
        self.directory = Path(directory).resolve()
        self.port = port or free_port()
        self.dist_port = free_port()
        self.name = name or f"minqing{self.port}@localhost"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("rabbitmq-server") is not None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def _env(self) -> dict:
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "rabbitmq.conf"
        config.write_text(
            f"listeners.tcp.default = 127.0.0.1:{self.port}\nloopback_users = none\n"
            "log.console = false\nlog.file.level = warning\n"
        )
        (self.directory / "enabled_plugins").write_text("[].\n")
        env = dict(os.environ)
        env.update(
            {
                "RABBITMQ_NODENAME": self.name,
                "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port),
                "RABBITMQ_CONFIG_FILE": str(config.with_suffix("")),
                "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
                "RABBITMQ_LOG_BASE": str(self.directory / "log"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
                "RABBITMQ_PID_FILE": str(self.directory / "rabbit.pid"),
                "RABBITMQ_CONF_ENV_FILE": str(self.directory / "rabbitmq-env.conf"),
                "RABBITMQ_FEATURE_FLAGS_FILE": str(self.directory / "feature_flags"),
                "RABBITMQ_MNESIA_DIR": str(self.directory / "mnesia" / self.name),
                "RABBITMQ_QUORUM_DIR": str(self.directory / "mnesia" / self.name / "quorum"),
                "ERL_CRASH_DUMP": str(self.directory / "erl_crash.dump"),
            }
        )
        for sub in ("mnesia", "log"):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)
        self._hand_to_rabbitmq_user()
        return env

    def _hand_to_rabbitmq_user(self) -> None:
        """Debian's wrapper drops root to the ``rabbitmq`` user: that user must own the directory."""
        if os.geteuid() != 0:
            return
        try:
            import pwd

            account = pwd.getpwnam("rabbitmq")
        except KeyError:
            return
        for path in [self.directory, *self.directory.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)

    def start(self, timeout: float = 60) -> PrivateRabbit:
        env = self._env()
        log = open(self.directory / "server.out", "ab")
        self.process = subprocess.Popen(
            ["rabbitmq-server"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rabbitmq-server exited: see {self.directory / 'server.out'}")
            if port_open(self.port) and self._ctl("await_startup", check=False).returncode == 0:
                return self
            time.sleep(0.5)
        raise RuntimeError(f"private RabbitMQ did not start within {timeout}s")

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["rabbitmqctl", "-n", self.name, *args],
            env=self._env(),
            capture_output=True,
            text=True,
            check=check,
            timeout=60,
        )

    def stop(self) -> None:
        if self.process is None:
            self._ctl("stop", check=False)
            return
        self._ctl("stop", check=False)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["start", "stop"])
    parser.add_argument("--dir", default="run/rabbitmq")
    parser.add_argument("--port", type=int, default=5673)
    args = parser.parse_args()
    rabbit = PrivateRabbit(args.dir, args.port, name=f"minqing{args.port}@localhost")
    if args.command == "start":
        rabbit.start()
        print(rabbit.url)
    else:
        rabbit.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
