"""Each service's runtime on a Beijing-size city (``scripts/city_config.py``: 16 districts, 343 streets,
7,000 communities, 50,000 grids): the time ``bootstrap`` takes and the process's peak memory, each
service in a fresh process, then the lookups that walk the org tree, on the largest district (朝阳), and
intake's resident form (its size and time with the city loaded).

    .venv/bin/python bench/city_config.py [--city DIR] [--lookups 200]

Targets (issue 21): every service loads the city in < 10 s and < 300 MB (peak RSS of the process, imports
included, after bootstrap and again once the consumer a ``minqing-<svc> consumer`` process runs is built;
wall time, with its CPU time beside it because a loaded machine stretches the wall time). No database or
broker is touched (bootstrap connects to nothing; SQLite URLs; a consumer connects only when it runs).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "routing", "evaluation", "notify")
LARGEST = "chaoyang"


def child(service: str, districts: Path, lookups: int) -> dict:
    """Runs in its own process: import, bootstrap, measure; the figures as a dict."""
    import importlib

    from minqing_kit.service import build_consumer

    definition = importlib.import_module(f"minqing_{service}.definition").DEFINITION
    settings = definition.settings(
        {"MINQING_ENV": "development", "DATABASE_URL": "sqlite://", "DISTRICTS_DIR": str(districts)}
    )
    imported = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    runtime = definition.bootstrap(settings)
    figures = {
        "service": service,
        "bootstrap_s": round(time.perf_counter() - started, 2),
        "bootstrap_cpu_s": round(time.process_time() - cpu, 2),
        "after_import_mb": imported,
        "peak_mb": _peak_mb(),
        "districts": len(runtime.districts),
    }
    build_consumer(definition, settings, runtime)  # what `minqing-<svc> consumer` builds; connects to nothing yet
    figures["consumer_peak_mb"] = _peak_mb()
    if service in ("intake", "routing"):
        figures.update(_lookups(service, runtime, lookups))
    if service == "intake":
        figures.update(_resident_form(definition, settings, runtime))
    return figures


def _resident_form(definition, settings, runtime, n: int = 20) -> dict:
    """Median ms and size of intake's resident form for 朝阳, and of the form filled from an address alone
    (the district inferred from every district's buildings)."""
    import importlib

    sys.path.insert(0, str(ROOT / "scripts"))
    from city_config import building_address

    app = importlib.import_module(f"minqing_{definition.name}.web").create_app(settings=settings, runtime=runtime)
    client = app.test_client()
    figures = {}
    urls = {"form": f"/?district={LARGEST}", "form_by_address": "/?address=" + building_address("延庆区", 18, 20, 7)}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(n):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        figures[f"{name}_ms"] = round(statistics.median(times), 1)
        figures[f"{name}_kb"] = len(response.data) // 1024
    return figures


def _lookups(service: str, runtime, n: int) -> dict:
    """Median ms of a lookup by grid code, exact address, coordinates and an address not in the registry."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from city_config import grid_centre

    config = runtime.districts[LARGEST] if service == "intake" else runtime.districts[LARGEST].config
    grids = [g for s in config.streets for c in s.communities for g in c.grids]
    sample = grids[:: max(1, len(grids) // n)][:n]
    if service == "intake":
        places = runtime.places[LARGEST]

        def find(grid, address, lat, lon):
            return places.resolve(grid, address, lat, lon).grid_code
    else:
        locator = runtime.districts[LARGEST].locator

        def find(grid, address, lat, lon):
            return locator.locate(grid, address, lat, lon).grid_code

    figures = {"grids_in_largest": len(grids)}
    cases = {
        "by_code_ms": lambda g: (g.code, None, None, None),
        "by_address_ms": lambda g: (None, g.buildings[0].address, None, None),
        "by_point_ms": lambda g: (None, None, *grid_centre([list(p) for p in g.polygon])),
    }
    for name, arguments in cases.items():
        times = []
        for grid in sample:
            started = time.perf_counter()
            found = find(*arguments(grid))
            times.append((time.perf_counter() - started) * 1000)
            assert found == grid.code, (name, grid.code, found)
        figures[name] = round(statistics.median(times), 3)
    times = []
    for _ in range(max(1, n // 20)):
        started = time.perf_counter()
        find(None, "某小区门口路灯不亮", None, None)
        times.append((time.perf_counter() - started) * 1000)
    figures["unknown_address_ms"] = round(statistics.median(times), 1)
    return figures


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--city", type=Path, help="a city written by scripts/city_config.py (default: a fresh one)")
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.city / "districts", args.lookups)))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        city = args.city
        if city is None:
            sys.path.insert(0, str(ROOT / "scripts"))
            from city_config import write_city

            city = Path(scratch)
            started = time.perf_counter()
            counts = write_city(city)
            print(f"generated {counts} in {time.perf_counter() - started:.1f} s")
        size = sum(p.stat().st_size for p in (city / "districts").iterdir()) / 1e6
        print(f"district files: {size:.1f} MB")
        failed = False
        for service in SERVICES:
            command = [
                sys.executable,
                __file__,
                "--child",
                service,
                "--city",
                str(city),
                "--lookups",
                str(args.lookups),
            ]
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            if done.returncode:
                print(f"{service}: failed\n{done.stderr[-2000:]}")
                failed = True
                continue
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            within = figures["bootstrap_s"] < 10 and figures["consumer_peak_mb"] < 300
            failed |= not within
            print(" ".join(f"{k}={v}" for k, v in figures.items()), "(within target)" if within else "(OVER TARGET)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
