"""A real three-node RabbitMQ cluster for a test, in Docker: the project's image
(``scripts/docker_images.sh rabbitmq`` builds it from Debian's package, no registry needed), three
containers started with testcontainers on a private network of their own, one Erlang cookie made
for the run, the cluster configuration the compose tier uses (``deploy/compose/rabbitmq-cluster.conf``),
and each node's AMQP port published on 127.0.0.1 only, so the test reaches the nodes on loopback.

Nodes are named as in that configuration (``rabbit@rabbitmq-1`` ...): each container's hostname and
network alias is its node's host name."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "compose" / "rabbitmq-cluster.conf"
NODES = ("rabbitmq-1", "rabbitmq-2", "rabbitmq-3")
# The cookie comes from the environment: the image's own (made when the package was installed) is
# replaced, so nodes of another cluster built from the same image cannot join this one.
START = (
    'rm -f "$HOME/.erlang.cookie"; umask 077; printf %s "$MINQING_ERLANG_COOKIE" > "$HOME/.erlang.cookie"; '
    "exec rabbitmq-server"
)


class NoDocker(Exception):
    """No Docker engine or image could be had here (the reason is the message)."""


def cluster_image() -> str:
    """The project's RabbitMQ image, built (or found in the cache) by scripts/docker_images.sh."""
    if os.environ.get("MINQING_CLUSTER_IMAGE"):
        return os.environ["MINQING_CLUSTER_IMAGE"]
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "docker_images.sh"), "rabbitmq"], capture_output=True, text=True, timeout=1500
    )
    if result.returncode == 3:
        raise NoDocker(result.stderr.strip()[-2000:])
    if result.returncode != 0:  # an engine, but the image does not build: a real failure
        raise AssertionError(
            f"scripts/docker_images.sh rabbitmq failed ({result.returncode}):\n{result.stderr[-4000:]}"
        )
    images = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return images["RABBITMQ_IMAGE"]


def docker(*args: str, timeout: float = 60) -> str:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=True, timeout=timeout).stdout


class RabbitCluster:
    def __init__(self, image: str):
        from testcontainers.core.container import DockerContainer
        from testcontainers.core.network import Network

        self.network = Network()
        self.cookie = secrets.token_hex(20)
        self.containers = {name: self._node(DockerContainer(image), name) for name in NODES}
        self.ports: dict[str, int] = {}

    def _node(self, container, name: str):
        container.ports["5672/tcp"] = ("127.0.0.1",)  # a free port on loopback only (docker's own binding form)
        return (
            container.with_network(self.network)
            .with_network_aliases(name)
            .with_kwargs(hostname=name)
            .with_env("RABBITMQ_NODENAME", f"rabbit@{name}")
            .with_env("MINQING_ERLANG_COOKIE", self.cookie)
            .with_volume_mapping(str(CONFIG), "/etc/rabbitmq/rabbitmq.conf", "ro")
            .with_command(["sh", "-c", START])
        )

    # --- life -----------------------------------------------------------------------------------
    def start(self, timeout: float = 120) -> RabbitCluster:
        os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")  # Ryuk's image comes from a registry
        self.network.create()
        for container in self.containers.values():
            container.start()
        self._read_ports()
        self.wait_for_members(set(NODES), timeout)
        return self

    def heal(self, timeout: float = 120) -> None:
        """Every node running and on the network again (a node killed is started, one cut off is
        connected), then clustered."""
        for name in NODES:
            if self.inspect(name, "{{.State.Running}}") != "true":
                docker("start", self.id(name))
            if self.network.name not in self.inspect(name, "{{json .NetworkSettings.Networks}}"):
                self.reconnect(name)
        self._read_ports()
        self.wait_for_members(set(NODES), timeout)

    def _read_ports(self) -> None:
        """The host port of each node's AMQP port (a restarted node gets a new one)."""
        for name in NODES:
            self.ports[name] = int(docker("port", self.id(name), "5672/tcp").split()[0].rsplit(":", 1)[1])

    def stop(self) -> None:
        """Remove the three nodes (killed or cut off ones too) at once, then the network."""
        subprocess.run(["docker", "rm", "-f", "-v", *(self.id(n) for n in NODES)], capture_output=True, timeout=120)
        try:
            self.network.remove()
        except Exception:
            pass

    def logs(self) -> str:
        out = []
        for name in NODES:
            try:
                out.append(f"--- {name}\n" + docker("logs", "--tail", "40", self.id(name)))
            except Exception as exc:
                out.append(f"--- {name}: {exc}")
        return "\n".join(out)

    # --- addresses ------------------------------------------------------------------------------
    def id(self, name: str) -> str:
        return self.containers[name].get_wrapped_container().id

    def inspect(self, name: str, template: str) -> str:
        return docker("inspect", "-f", template, self.id(name)).strip()

    def url(self, name: str) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.ports[name]}/%2F"

    def amqp_url(self, first: str) -> str:
        """Every node's URL, ``;``-separated as AMQP_URL takes them, ``first`` first."""
        return ";".join(self.url(name) for name in (first, *[n for n in NODES if n != first]))

    # --- looking -------------------------------------------------------------------------------
    def ctl(self, name: str, *args: str, timeout: float = 60) -> str:
        return docker("exec", self.id(name), "rabbitmqctl", "-q", *args, timeout=timeout)

    def running_nodes(self, asked: str) -> set[str]:
        status = json.loads(self.ctl(asked, "cluster_status", "--formatter", "json"))
        return {node.split("@", 1)[1] for node in status.get("running_nodes", [])}

    def wait_for_members(self, wanted: set[str], timeout: float) -> None:
        """Until every node of ``wanted`` sees exactly ``wanted`` running (a node back from a partition
        may say so before the others do) and each of them takes AMQP connections."""
        import kombu

        deadline, last = time.monotonic() + timeout, ""
        while True:
            try:
                names = sorted(wanted)
                with ThreadPoolExecutor(max_workers=len(names)) as pool:  # each rabbitmqctl is an Erlang VM's start
                    views = dict(
                        zip(names, pool.map(lambda name: sorted(self.running_nodes(name)), names), strict=True)
                    )
                if all(view == sorted(wanted) for view in views.values()):
                    for name in wanted:
                        with kombu.Connection(self.url(name), connect_timeout=3) as connection:
                            connection.ensure_connection(max_retries=0)
                    return
                last = f"running, as each node sees it: {views}"
            except Exception as exc:  # not booted yet
                last = f"{type(exc).__name__}: {exc}"[:300]
            if time.monotonic() > deadline:
                raise AssertionError(f"cluster not formed in {timeout} s ({last})\n{self.logs()}")
            time.sleep(1)

    def queues(self, asked: str, timeout: float = 120) -> dict[str, dict]:
        """name -> {type, leader, members} as the node ``asked`` sees them (host names, not node names).
        Asked again until it answers: just after a node came back, or on a busy machine, a listing can
        outlast the CLI's timeout."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                rows = json.loads(
                    self.ctl(asked, "list_queues", "name", "type", "leader", "members", "--formatter", "json")
                )
                break
            except (subprocess.SubprocessError, ValueError) as exc:
                if time.monotonic() > deadline:
                    raise AssertionError(f"{asked} did not list its queues in {timeout} s: {exc}") from exc
                time.sleep(1)
        return {
            row["name"]: {
                "type": row["type"],
                "leader": str(row.get("leader", "")).split("@")[-1],
                "members": sorted(str(m).split("@")[-1] for m in row.get("members") or []),
            }
            for row in rows
        }

    # --- failures --------------------------------------------------------------------------------
    def kill(self, name: str) -> None:
        """SIGKILL, as a crashed machine: no goodbye to clients or peers."""
        docker("kill", self.id(name))

    def disconnect(self, name: str) -> None:
        """Cut the node off its peers and its clients: the node keeps running, alone."""
        docker("network", "disconnect", "--force", self.network.name, self.id(name))

    def reconnect(self, name: str) -> None:
        docker("network", "connect", "--alias", name, self.network.name, self.id(name))
