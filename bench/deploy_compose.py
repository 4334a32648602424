"""Figures of the docker-compose deployment on this machine: image build (warm cache), `up` until every
service is ready behind the gateway; cases submitted through the gateway (intake's rate, and until all
are dispatched); then routing's backlog drain: with 1 or 3 routing consumers frozen (docker pause),
N cases are queued, then the consumers resume and are timed until every case is dispatched.

    .venv/bin/python bench/deploy_compose.py [--cases 120]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from deploy.compose_support import Deployment, build_images  # noqa: E402

from deploy import flows  # noqa: E402
from support.workers import wait_for  # noqa: E402


def submit(deployment: Deployment, count: int, label: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(
            pool.map(lambda n: flows.submit(deployment, "luwan", f"{label}{n}@example.cn", n), range(1, count + 1))
        )


def wait_dispatched(deployment: Deployment, tickets: list[str]) -> None:
    quoted = ",".join(f"'{t}'" for t in tickets)

    def dispatched():
        rows = deployment.sql(
            "intake", f"SELECT count(*) FROM cases WHERE status <> 'received' AND ticket IN ({quoted})"
        )
        return int(rows[0][0]) == len(tickets)

    wait_for(dispatched, timeout=300, interval=0.5, what="every case dispatched")


def through_the_gateway(deployment: Deployment, count: int) -> str:
    started = time.monotonic()
    tickets = submit(deployment, count, "gw")
    submitted = time.monotonic()
    wait_dispatched(deployment, tickets)
    done = time.monotonic()
    return (
        f"{count} cases through the gateway, 8 clients: intake {count / (submitted - started):.1f} cases/s, "
        f"all dispatched {done - submitted:.1f} s after the last submission"
    )


def drain(deployment: Deployment, count: int, replicas: int) -> str:
    """Routing's consumers frozen (docker pause: connected, nothing handled), N cases queued behind
    them, then thawed: the time until every case is dispatched is the consumers' work alone."""
    deployment.compose("up", "-d", "--no-recreate", "--scale", f"routing-consumer={replicas}")
    wait_for(
        lambda: deployment.management("/queues/%2F/routing.events").get("consumers") == replicas,
        timeout=60,
        interval=1,
        what=f"{replicas} routing consumers",
    )
    consumers = [c for c in deployment.containers("routing-consumer") if deployment.exec_state(c)[0] == "running"]
    subprocess.run(["docker", "pause", *consumers], check=True, capture_output=True)
    tickets = submit(deployment, count, f"drain{replicas}-")
    wait_for(
        lambda: deployment.management("/queues/%2F/routing.events").get("messages", 0) >= count,
        timeout=60,
        interval=1,
        what="every case.received queued for routing",
    )
    started = time.monotonic()
    subprocess.run(["docker", "unpause", *consumers], check=True, capture_output=True)
    wait_dispatched(deployment, tickets)
    took = time.monotonic() - started
    return (
        f"routing backlog of {count} events, {replicas} consumer(s): every case dispatched "
        f"{took:.1f} s after they resumed = {count / took:.1f} cases/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=120)
    args = parser.parse_args()
    started = time.monotonic()
    images = build_images()
    built = time.monotonic()
    # one load generator, one address: intake's per-address limit off for the measurement
    deployment = Deployment(
        Path(tempfile.mkdtemp(prefix="minqing-bench-")), images, INTAKE_RATE_LIMIT_ADDRESS="0", WEB_WORKERS="2"
    )
    try:
        deployment.compose("up", "-d", timeout=600)
        for service in ("intake", "routing", "evaluation", "notify"):
            wait_for(
                lambda service=service: deployment.get(service, "/readyz").status_code == 200, timeout=180, interval=1
            )
        ready = time.monotonic()
        print(f"images (cache warm): {built - started:.1f} s; up until ready: {ready - built:.1f} s")
        wait_dispatched(deployment, submit(deployment, 10, "warmup"))
        print(through_the_gateway(deployment, args.cases))
        for replicas in (1, 3):
            print(drain(deployment, args.cases, replicas))
    finally:
        deployment.compose("down", "--volumes", "--remove-orphans", "--timeout", "10", check=False, timeout=300)


if __name__ == "__main__":
    main()
