"""Figures of the docker-compose deployment on this machine: image build (warm cache), `up` until every
service is ready behind the gateway, then cases through the gateway with 1 and with 3 routing and
notify consumers: submissions per second at intake, and cases per second until all are dispatched.

    .venv/bin/python bench/deploy_compose.py [--cases 120]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from deploy import flows  # noqa: E402
from deploy.compose_support import Deployment, build_images  # noqa: E402
from support.workers import wait_for  # noqa: E402


def run_cases(deployment: Deployment, count: int, label: str) -> tuple[float, float]:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = list(pool.map(lambda n: flows.submit(deployment, "luwan", f"{label}{n}@example.cn", n),
                                range(1, count + 1)))
    submitted = time.monotonic()
    quoted = ",".join(f"'{t}'" for t in tickets)

    def dispatched():
        rows = deployment.sql("intake", f"SELECT count(*) FROM cases WHERE status <> 'received' AND ticket IN ({quoted})")
        return int(rows[0][0]) == count
    wait_for(dispatched, timeout=300, interval=0.5, what="every case dispatched")
    done = time.monotonic()
    return count / (submitted - started), count / (done - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=120)
    args = parser.parse_args()
    started = time.monotonic()
    images = build_images()
    built = time.monotonic()
    # one load generator, one address: intake's per-address limit off for the measurement
    deployment = Deployment(Path(tempfile.mkdtemp(prefix="minqing-bench-")), images, INTAKE_RATE_LIMIT_ADDRESS="0")
    try:
        deployment.compose("up", "-d", timeout=600)
        for service in ("intake", "routing", "evaluation", "notify"):
            wait_for(lambda: deployment.get(service, "/readyz").status_code == 200, timeout=180, interval=1)
        ready = time.monotonic()
        print(f"images (cache warm): {built - started:.1f} s; up until ready: {ready - built:.1f} s")
        run_cases(deployment, 10, "warmup")
        for replicas in (1, 3):
            if replicas > 1:
                deployment.compose("up", "-d", "--no-recreate", "--scale", f"routing-consumer={replicas}",
                                   "--scale", f"notify-consumer={replicas}")
                time.sleep(5)
            submit_rate, end_to_end = run_cases(deployment, args.cases, f"r{replicas}-")
            print(f"{replicas} routing/notify consumer(s): {args.cases} cases, intake {submit_rate:.1f} cases/s, "
                  f"submitted-to-all-dispatched {end_to_end:.1f} cases/s")
    finally:
        deployment.compose("down", "--volumes", "--remove-orphans", "--timeout", "10", check=False, timeout=300)


if __name__ == "__main__":
    main()
