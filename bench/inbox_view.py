"""Routing's inbox view end to end (issue 19 item 10: does answering through a response model slow it?):
GET /api/v1/inbox?below=true&limit=N as the street's supervisor through Flask's test client, on a scratch
PostgreSQL database holding a street's queue (``seed_street_queue``), p50 and p99 of --requests calls.
It imports no response model, so the same script times the code before them: put an older tree's
packages first on PYTHONPATH (kit, shared, services/routing).

    .venv/bin/python bench/inbox_view.py [--open 2000] [--closed 5000] [--limit 100] [--requests 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from routing.queue_plans import SUPERVISOR  # noqa: E402
from routing.seeding import seed_street_queue  # noqa: E402
from scratch_db import drop, fresh_database  # noqa: E402

import minqing_routing  # noqa: E402
from minqing_kit.tokens import generate_keypair  # noqa: E402
from minqing_routing.bootstrap import bootstrap  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402
from minqing_routing.web import create_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--open", type=int, default=2000)
    parser.add_argument("--closed", type=int, default=5000)
    parser.add_argument("--limit", type=int, default=100, help="cases a call answers (the API's default)")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    print(f"minqing_routing from {Path(minqing_routing.__file__).parent}")
    private, public = generate_keypair()
    url = fresh_database("bench_inbox_view", DEFINITION.migrations)
    try:
        settings = DEFINITION.settings_model(
            DATABASE_URL=url,
            DISTRICTS_DIR=str(ROOT / "tests/routing/districts"),
            LOG_LEVEL="WARNING",
            TOKEN_SIGNING_KEY=private,
            TOKEN_KEY_ID="k1",
            TOKEN_PUBLIC_KEYS=f"k1={public}",
        )
        runtime = bootstrap(settings)
        seed_street_queue(runtime.db.engine, args.open, args.closed)
        client = create_app(settings, runtime).test_client()
        headers = {"Authorization": f"Bearer {runtime.signer.issue(SUPERVISOR)}"}
        path = f"/api/v1/inbox?below=true&limit={args.limit}"
        first = client.get(path, headers=headers)
        assert first.status_code == 200, first.get_data(as_text=True)
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(path, headers=headers).get_data()
            times.append((time.perf_counter() - started) * 1000)
        p50, p99 = statistics.median(times), statistics.quantiles(times, n=100)[98]
        print(f"{path}: {first.get_json()['count']} cases a call, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        runtime.db.engine.dispose()
    finally:
        drop(url)


if __name__ == "__main__":
    main()
