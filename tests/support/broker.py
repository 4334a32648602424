"""A RabbitMQ for the tests, in this order: MINQING_TEST_AMQP_URL; the machine's running broker
(each test module gets its own vhost, removed afterwards); testcontainers when a Docker engine
answers; a private rabbitmq-server started for the run; otherwise fail, saying how to get one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import kombu

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from private_rabbitmq import PrivateRabbit, port_open  # noqa: E402
from stack_support import reachable_broker  # noqa: E402

MACHINE_URL = "amqp://guest:guest@127.0.0.1:5672/"


def _ctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


class MachineBroker:
    """The running broker on 127.0.0.1:5672, with throwaway vhosts created by rabbitmqctl."""

    def __init__(self):
        self.vhosts: list[str] = []

    def new_vhost(self) -> str:
        vhost = f"minqing-test-{uuid.uuid4().hex[:10]}"
        _ctl("add_vhost", vhost)
        _ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        self.vhosts.append(vhost)
        return f"amqp://guest:guest@127.0.0.1:5672/{quote(vhost, safe='')}"

    def drop_vhost(self, url: str) -> None:
        vhost = url.rsplit("/", 1)[1].replace("%2F", "/")
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
        return MachineBroker(), lambda: None
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
