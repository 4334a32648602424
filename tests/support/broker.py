"""A RabbitMQ for the tests, in this order: MINQING_TEST_AMQP_URL; the machine's running broker
(each test module gets its own vhost, removed afterwards); testcontainers when a Docker engine
answers; a private rabbitmq-server started for the run; otherwise fail, saying how to get one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import kombu

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from private_rabbitmq import PrivateRabbit, port_open  # noqa: E402
from stack_support import reachable_broker  # noqa: E402

MACHINE_URL = "amqp://guest:guest@127.0.0.1:5672/"
VHOST_BATCH = 12  # vhosts made per rabbitmqctl call in a test session (most sessions use a few, the suite ~150)


def _ctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


class MachineBroker:
    """The running broker on 127.0.0.1:5672, with throwaway vhosts made and removed by rabbitmqctl.

    Every rabbitmqctl call starts an Erlang VM (1.5 s on a quiet 2-core machine, 3-5 s on a busy one), so
    with ``batch`` > 1 (the test session) vhosts are made ``batch`` at a time by one ``import_definitions``
    and the dropped ones are deleted a dozen at a time (the rest by ``close()``), one call each; with the
    default (a bench script) each vhost is made and deleted on its own, at once."""

    def __init__(self, batch: int = 1):
        self.batch = batch
        self.vhosts: list[str] = []
        self._ready: list[str] = []  # made, not handed out yet
        self._dropped: list[str] = []  # handed out and given back: deleted a dozen at a time

    def new_vhost(self) -> str:
        if not self._ready:
            self._make([f"minqing-test-{uuid.uuid4().hex[:10]}" for _ in range(self.batch)])
        vhost = self._ready.pop(0)
        self.vhosts.append(vhost)
        return _vhost_url(vhost)

    def drop_vhost(self, url: str) -> None:
        vhost = url.rsplit("/", 1)[1].replace("%2F", "/")
        if self.batch > 1:
            self._dropped.append(vhost)
            if len(self._dropped) >= self.batch:  # a dozen at a time: a broker holding every module's
                self.close_dropped()  # vhost (and its quorum queues) until the end stalled its handshakes
        else:
            _delete([vhost])

    def close_dropped(self) -> None:
        """Delete the vhosts given back so far, in one call."""
        dropped, self._dropped = self._dropped, []
        if dropped:
            _delete(dropped)

    def close(self) -> None:
        """Delete the vhosts given back and the ones made but never handed out."""
        leftover, self._dropped, self._ready = [*self._dropped, *self._ready], [], []
        if leftover:
            _delete(leftover)

    def _make(self, names: list[str]) -> None:
        if len(names) == 1:
            _ctl("add_vhost", names[0])
            _ctl("set_permissions", "-p", names[0], "guest", ".*", ".*", ".*")
        else:
            definitions = {
                "vhosts": [{"name": name} for name in names],
                "permissions": [
                    {"user": "guest", "vhost": name, "configure": ".*", "write": ".*", "read": ".*"} for name in names
                ],
            }
            subprocess.run(
                ["rabbitmqctl", "import_definitions", "--format", "json"],
                input=json.dumps(definitions),
                text=True,
                check=True,
                capture_output=True,
                timeout=60,
            )  # on standard input: Debian's rabbitmqctl runs as the rabbitmq user, who cannot read our temp files
            _await_vhost(_vhost_url(names[-1]))  # the import says it may finish after the command returns
        self._ready.extend(names)


def _vhost_url(vhost: str) -> str:
    return f"amqp://guest:guest@127.0.0.1:5672/{quote(vhost, safe='')}"


def _await_vhost(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with kombu.Connection(url, connect_timeout=3) as connection:
                connection.ensure_connection(max_retries=1)
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _delete(vhosts: list[str]) -> None:
    """One rabbitmqctl call for all (rabbit_vhost:delete/2 through eval), else one delete_vhost each."""
    names = ", ".join(f'<<"{vhost}">>' for vhost in vhosts)
    code = f'lists:foreach(fun(V) -> rabbit_vhost:delete(V, <<"minqing-tests">>) end, [{names}]).'
    if subprocess.run(["rabbitmqctl", "eval", code], capture_output=True, timeout=120).returncode == 0:
        return
    for vhost in vhosts:
        subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True, timeout=60)


class FixedBroker:
    def __init__(self, url: str):
        self.url = url

    def new_vhost(self) -> str:
        return self.url

    def drop_vhost(self, url: str) -> None:
        pass


def docker_answers() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0


def find_broker(tmp_dir: Path):
    """Returns (provider, stopper)."""
    url = os.environ.get("MINQING_TEST_AMQP_URL")
    if url:
        return FixedBroker(url), lambda: None
    if port_open(5672) and reachable_broker(MACHINE_URL) and shutil.which("rabbitmqctl"):
        broker = MachineBroker(batch=VHOST_BATCH)
        return broker, broker.close
    if docker_answers():
        os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
        from testcontainers.rabbitmq import RabbitMqContainer

        container = RabbitMqContainer(os.environ.get("MINQING_RABBITMQ_IMAGE", "rabbitmq:3.12-management"))
        container.start()
        port = container.get_exposed_port(5672)
        return FixedBroker(f"amqp://guest:guest@{container.get_container_host_ip()}:{port}/%2F"), container.stop
    if PrivateRabbit.available():
        import tempfile

        rabbit = PrivateRabbit(tempfile.mkdtemp(prefix="minqing-rabbit-")).start()
        return FixedBroker(rabbit.url), rabbit.stop
    raise RuntimeError(
        "no RabbitMQ for the tests: set MINQING_TEST_AMQP_URL, start one on 127.0.0.1:5672 "
        "(rabbitmq-server -detached), start a Docker engine, or install rabbitmq-server "
        "(apt-get install -y rabbitmq-server)"
    )


STANDARD_QUEUES = [
    f"{svc}.{purpose}" for svc in ("intake", "routing", "evaluation", "notify") for purpose in ("events", "parked")
]


def purge(url: str, queues=STANDARD_QUEUES) -> None:
    """Empty the queues a previous test may have left messages in (missing queues are fine)."""
    with kombu.Connection(url) as connection:
        for name in queues:
            channel = connection.channel()
            try:
                channel.queue_purge(name)
            except Exception:
                pass
            finally:
                try:
                    channel.close()
                except Exception:
                    pass
