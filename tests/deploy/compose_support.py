"""A docker-compose deployment of Minqing driven from a test: engine and images from
scripts/docker_images.sh, a generated .env in a temp dir, a unique project name, free host ports,
and helpers to reach the gateway, the broker's management API and the databases.

docker-compose runs through subprocess: testcontainers' DockerCompose (4.x) drives the v2 plugin
(`docker compose ... ps --format json`), which Debian does not package; Debian's docker-compose is v1."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILES = (ROOT / "docker-compose.yml", ROOT / "deploy" / "compose" / "xinlin-consumers.yml")
PORTS = {"intake": "INTAKE_PORT", "routing": "ROUTING_PORT", "evaluation": "EVALUATION_PORT", "notify": "NOTIFY_PORT"}
DEMO_PASSWORD = "compose-demo-password"


class NoEngine(Exception):
    """No Docker engine or images could be had on this machine (the reason is the message)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_images(*args: str) -> dict[str, str]:
    """Run scripts/docker_images.sh (with ``--engine``: the tools and the engine only); its last lines
    are the image variables for compose."""
    if shutil.which("bash") is None:
        raise NoEngine("bash not found")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "docker_images.sh"), *args], capture_output=True, text=True, timeout=1500
    )
    if result.returncode == 3:
        raise NoEngine(result.stderr.strip()[-2000:])
    if result.returncode != 0:  # an engine, but an image does not build: a real failure
        raise AssertionError(f"scripts/docker_images.sh failed ({result.returncode}):\n{result.stderr[-4000:]}")
    pairs = [line.split("=", 1) for line in result.stdout.splitlines() if "=" in line]
    return {key: value for key, value in pairs}


def generated_keys() -> dict[str, str]:
    output = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compose_env.py")], check=True, capture_output=True, text=True
    ).stdout
    return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)


class Deployment:
    def __init__(self, workdir: Path, images: dict[str, str], **settings: str):
        self.project = f"mqe2e{uuid.uuid4().hex[:6]}"
        self.ports = {service: free_port() for service in PORTS}
        self.management_port = free_port()
        env = {
            **generated_keys(),
            **images,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "WEB_WORKERS": "1",
            "RABBITMQ_MANAGEMENT_PORT": str(self.management_port),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.ports['intake']}",
            **{PORTS[s]: str(p) for s, p in self.ports.items()},
            **settings,
        }
        self.env_file = workdir / ".env"
        self.env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8")
        self.environ = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_HOST", "COMPOSE_"))}
        self.environ.update(env)  # compose reads variables from the environment too

    # --- docker-compose and docker -------------------------------------------------------------
    def compose(self, *args: str, timeout: float = 400, check: bool = True) -> subprocess.CompletedProcess:
        files = [arg for path in COMPOSE_FILES for arg in ("-f", str(path))]
        command = [
            "docker-compose",
            "--project-name",
            self.project,
            "--project-directory",
            str(ROOT),
            "--env-file",
            str(self.env_file),
            *files,
            *args,
        ]
        result = subprocess.run(command, cwd=ROOT, env=self.environ, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def containers(self, service: str) -> list[str]:
        """Ids of the service's containers, running or not (docker's labels: much faster than compose ps)."""
        result = subprocess.run(
            [
                "docker",
                "ps",
                "-aq",
                "--filter",
                f"label=com.docker.compose.project={self.project}",
                "--filter",
                f"label=com.docker.compose.service={service}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return sorted(result.stdout.split())

    def logs(self, container: str) -> str:
        result = subprocess.run(["docker", "logs", container], capture_output=True, text=True, timeout=60)
        return result.stdout + result.stderr

    def ip_of(self, container: str) -> str:
        out = subprocess.run(
            ["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return out.split()[0]

    def exec_state(self, container: str) -> tuple[str, int]:
        """(status, exit code) of a container: ('running', 0), ('exited', 137), ..."""
        out = subprocess.run(
            ["docker", "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return out[0], int(out[1])

    def started_at(self, container: str) -> str:
        return subprocess.run(
            ["docker", "inspect", "-f", "{{.State.StartedAt}}", container], capture_output=True, text=True, check=True
        ).stdout.strip()

    def kill(self, container: str) -> None:
        """SIGKILL, as a crashed node would: no draining, unacked messages go back to the queue."""
        subprocess.run(["docker", "kill", container], check=True, capture_output=True, timeout=30)

    def exec(self, container: str, *command: str) -> str:
        return subprocess.run(
            ["docker", "exec", container, *command], capture_output=True, text=True, check=True, timeout=60
        ).stdout

    def sql(self, database: str, query: str) -> list[list[str]]:
        """Rows of a query run with psql inside the postgres container (unaligned, tab-separated)."""
        (postgres,) = self.containers("postgres")
        out = self.exec(postgres, "psql", "-U", "minqing", "-d", f"minqing_{database}", "-AtF", "\t", "-c", query)
        return [line.split("\t") for line in out.splitlines() if line]

    def spool(self, channel: str) -> list[dict]:
        """Messages notify's delivery workers wrote to their spool (no SMS gateway or SMTP configured)."""
        lines = []
        for container in self.containers("notify-scheduler"):
            result = subprocess.run(
                ["docker", "exec", container, "sh", "-c", f"cat $SPOOL_DIR/{channel}.jsonl"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            lines += [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        return lines

    # --- HTTP through the gateway -------------------------------------------------------------
    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def get(self, service: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.get(self.url(service, path), headers=headers, timeout=15, **kwargs)

    def post(self, service: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(self.url(service, path), headers=headers, timeout=15, **kwargs)

    def login(self, district: str, person_id: str) -> str:
        response = self.post(
            "routing",
            "/api/v1/auth/login",
            json={"district": district, "person_id": person_id, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def management(self, path: str):
        response = requests.get(
            f"http://127.0.0.1:{self.management_port}/api{path}", auth=("guest", "guest"), timeout=15
        )
        response.raise_for_status()
        return response.json()

    def acks_per_connection(self, queue: str) -> dict[str, int]:
        """Messages acked per consuming container IP on a queue, from the broker's channel statistics.

        A consumer whose channel the broker has not yet reported statistics for (they come every 5 s, so
        just after a scale-up) has an empty list as its channel_details: the reading is asked again, up to
        30 s, until every consumer on the queue has its channel and connection, so no replica is left out."""
        deadline = time.monotonic() + 30
        while (acks := self._acks_if_complete(queue)) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the broker reported no channel statistics for some consumers of {queue}")
            time.sleep(1)
        return acks

    def _acks_if_complete(self, queue: str) -> dict[str, int] | None:
        details = [c["channel_details"] for c in self.management("/consumers") if c["queue"]["name"] == queue]
        if not all(isinstance(d, dict) and d.get("name") for d in details):
            return None
        consumers = {d["name"] for d in details}
        channels = [c for c in self.management("/channels") if c["name"] in consumers]
        if len(channels) < len(consumers) or not all(isinstance(c.get("connection_details"), dict) for c in channels):
            return None
        acks: dict[str, int] = {}
        for channel in channels:
            peer = channel["connection_details"]["peer_host"]
            acks[peer] = acks.get(peer, 0) + channel.get("message_stats", {}).get("ack", 0)
        return acks
