"""Pieces of the local stack that are not process supervision: URLs, keys, environments."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVICES = {"intake": 8001, "routing": 8002, "evaluation": 8003, "notify": 8004}
PUBLIC_PORT = 8000  # the public gateway's default port (PUBLIC_PORT)


def public_port() -> int:
    return int(os.environ.get("PUBLIC_PORT", PUBLIC_PORT))


_handed_out: set[int] = set()
_handing_out = threading.Lock()  # the services are prepared in threads


def free_port() -> int:
    """A port nothing listens on now and not handed out before: a worker's own METRICS_PORT."""
    with _handing_out:
        while True:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            if port not in _handed_out:
                _handed_out.add(port)
                return port


def scrape_targets(web_ports: dict[str, int], metrics_ports: dict[str, int]) -> list[dict]:
    """Every process's /metrics in Prometheus's file_sd format (``file_sd_configs`` reads the file the stack
    writes, run/prometheus-targets.json): each web process on its port, each worker on its METRICS_PORT."""
    ports = {f"{service}-web": port for service, port in web_ports.items()} | metrics_ports
    return [
        {"targets": [f"127.0.0.1:{port}"], "labels": {"job": "minqing", "process": process}}
        for process, port in sorted(ports.items())
    ]


def reachable_broker(url: str) -> str | None:
    import kombu

    try:
        with kombu.Connection(url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
        return url
    except Exception:
        return None


def database_urls(database_url: str | None, run: Path, prefix: str = "minqing") -> dict[str, str]:
    """One database per service: ``<server>/<prefix>_<service>`` on PostgreSQL, else SQLite files."""
    if not database_url or not database_url.startswith("postgresql"):
        return {s: f"sqlite:///{run / (s + '.sqlite')}" for s in SERVICES}
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(database_url)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    urls = {}
    with admin.connect() as connection:
        for service in SERVICES:
            name = f"{prefix}_{service}"
            if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            urls[service] = base.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return urls


def dev_keys(path: Path) -> dict:
    """Keys for local development, made once and kept in run/keys.json (never used in production)."""
    if path.exists():
        return json.loads(path.read_text())
    from minqing_kit.sealing import generate_contact_keypair
    from minqing_kit.tokens import generate_keypair

    token_private, token_public = generate_keypair()
    contact_private, contact_public = generate_contact_keypair()
    keys = {
        "token_key_id": "dev-1",
        "token_private": token_private,
        "token_public": token_public,
        "contact_private": contact_private,
        "contact_public": contact_public,
        "demo_password": "minqing",
    }
    path.write_text(json.dumps(keys, indent=2))
    path.chmod(0o600)
    return keys


def service_environment(service: str, database_url: str, amqp_url: str, keys: dict, run: Path) -> dict:
    prometheus_dir = run / "prometheus" / service
    shutil.rmtree(prometheus_dir, ignore_errors=True)
    prometheus_dir.mkdir(parents=True)
    env = dict(os.environ)
    env.update(
        {
            # a local stack: INTAKE_SECRET_KEY and PAGES_SECRET_KEY take their development defaults
            "MINQING_ENV": os.environ.get("MINQING_ENV", "development"),
            "DATABASE_URL": database_url,
            "AMQP_URL": amqp_url,
            "DISTRICTS_DIR": os.environ.get("DISTRICTS_DIR", str(ROOT / "config" / "districts")),
            "PROMETHEUS_MULTIPROC_DIR": str(prometheus_dir),
            "TOKEN_PUBLIC_KEYS": f"{keys['token_key_id']}={keys['token_public']}",
            "TOKEN_KEY_ID": keys["token_key_id"],
            "TOKEN_SIGNING_KEY": keys["token_private"],
            "NOTIFY_PUBLIC_KEY": keys["contact_public"],
            "DEMO_PASSWORD": keys["demo_password"],
            # the residents' one address: scripts/public_gateway.py routes it to intake and evaluation
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{public_port()}",
        }
    )
    if service == "notify":
        env["CONTACT_PRIVATE_KEY"] = keys["contact_private"]
    else:
        env.pop("CONTACT_PRIVATE_KEY", None)
    if service != "routing":
        env.pop("TOKEN_SIGNING_KEY", None)
    env.pop("METRICS_PORT", None)  # each worker gets its own (scripts/stack.py)
    return env


def has_scheduler(service: str, env: dict) -> bool:
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from minqing_{service}.definition import DEFINITION;print(DEFINITION.scheduler is not None)",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    return probe.stdout.strip() == "True"
