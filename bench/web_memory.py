"""A web process group's memory with a Beijing-size city (``scripts/city_config.py``): gunicorn with
``minqing_kit.gunicorn_conf`` and N workers, the PSS (proportional set size: a page shared by k processes
counts 1/k in each) of the master and every worker summed from /proc/<pid>/smaps_rollup, once every
worker has loaded the app and answered.

    .venv/bin/python bench/web_memory.py [--city DIR] [--service intake] [--workers 5] [--no-preload]
        [--no-freeze] [--collect]

``--no-preload`` measures the configuration as it was before issue 21's item 3: each worker building the
app (and loading the city) itself after the fork; ``--no-freeze`` preloads without ``gc.freeze()`` before
the fork (what the freeze adds); ``--collect``: each request ends with a full garbage collection in its
worker (``gc.collect()``, as a busy worker's collector makes sooner or later), before the figures are
read. No database or broker is touched (SQLite, /healthz).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def config_file(directory: Path, preload: bool, freeze: bool, collect: bool) -> Path:
    """The project's configuration, with a marker per worker once it has loaded the app (and, for the
    measurement before, preloading off)."""
    path = directory / "bench_gunicorn_conf.py"
    path.write_text(
        "from minqing_kit.gunicorn_conf import *  # noqa: F403\n"
        f"preload_app = {preload!r}\n"
        + ("" if freeze else "def pre_fork(server, worker):\n    pass\n")
        + ("def post_request(worker, req, environ, resp):\n    __import__('gc').collect()\n" if collect else "")
        + "def post_worker_init(worker):\n"
        f"    open('{directory}/booted-' + str(worker.pid), 'w').close()\n",
        encoding="utf-8",
    )
    return path


def measure(service: str, workers: int, city: Path, preload: bool, freeze: bool, collect: bool) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        port = free_port()
        env = dict(
            os.environ,
            MINQING_ENV="development",
            DATABASE_URL=f"sqlite:///{directory}/db.sqlite",
            DISTRICTS_DIR=str(city),
            PROMETHEUS_MULTIPROC_DIR=str(directory),
            LOG_LEVEL="WARNING",
        )
        argv = [
            str(BIN / "gunicorn"),
            "-c",
            f"python:{config_file(directory, preload, freeze, collect).stem}",
            f"minqing_{service}.wsgi:app",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ]
        started = time.monotonic()
        master = subprocess.Popen(
            argv, env={**env, "PYTHONPATH": str(directory)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while len(list(directory.glob("booted-*"))) < workers:
                if master.poll() is not None:
                    raise SystemExit(f"gunicorn exited ({master.returncode})")
                if time.monotonic() - started > 900:
                    raise SystemExit("the workers did not boot in 15 minutes")
                time.sleep(0.5)
            booted = time.monotonic() - started
            for _ in range(workers * 10):  # every worker answers a few (the sync workers share the socket)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as answer:
                    answer.read()
            time.sleep(1)
            pids = [master.pid, *children(master.pid)]
            pss = {pid: kib(pid, "Pss") for pid in pids}
            rss = {pid: kib(pid, "Rss") for pid in pids}
        finally:
            master.terminate()
            master.wait(timeout=60)
    return {
        "preload": preload,
        "freeze": preload and freeze,
        "collect": collect,
        "processes": len(pids),
        "booted_s": round(booted, 1),
        "pss_mib": round(sum(pss.values()) / 1024, 1),
        "master_pss_mib": round(pss[master.pid] / 1024, 1),
        "worker_pss_mib": [round(pss[p] / 1024, 1) for p in pids[1:]],
        "rss_mib": round(sum(rss.values()) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--city", type=Path, default=Path("/tmp/ops19/city/districts"))
    parser.add_argument("--service", default="intake")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--no-preload", action="store_true")
    parser.add_argument("--no-freeze", action="store_true")
    parser.add_argument("--collect", action="store_true")
    args = parser.parse_args()
    figures = measure(args.service, args.workers, args.city, not args.no_preload, not args.no_freeze, args.collect)
    print(args.service, figures, flush=True)


if __name__ == "__main__":
    main()
