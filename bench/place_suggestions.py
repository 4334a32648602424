"""Address suggestions under concurrent phones: GET /api/v1/places/suggestions on gunicorn (the one
configuration, kit.gunicorn_conf) with a registry of ``--addresses`` building addresses.

    .venv/bin/python bench/place_suggestions.py [--addresses 50000] [--clients 50] [--seconds 20] [--workers 2]

Writes a district of that many buildings (generated street, compound and building names, one alias each,
ten buildings a grid) beside the demo districts into a temporary DISTRICTS_DIR, starts intake's app
(no database is touched: suggestions read the in-memory index), then ``--clients`` closed-loop clients
(threads spread over ``--processes`` processes, one keep-alive connection each) type addresses as a
resident does: each request the next prefix (2 to 8 characters) of a random address of the registry,
sometimes an alias or the middle of an address, with ``--think-ms`` between requests (default 300: a phone
typing, whose page waits 150 ms after a key before it asks; 0 sends flat out, a saturation test). Prints requests/s,
latency percentiles, the server's CPU time per request and the index's build time and memory.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import yaml
from intake_submit import server_cpu_seconds  # bench/ is on the path: the script's folder

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TOWNS = "新林镇 翠岗镇 塔源镇 宏图镇 碧洲镇 大乌苏镇 兴安镇 松岭镇 加格镇 十八站 白银纳 呼玛镇 韩家园 金山镇".split()
ROADS = "幸福 林海 兴安 人民 建设 解放 和平 胜利 团结 友谊 光明 红旗 长青 东风 松涛 白桦 北山 南岭 青年 文化".split()
KINDS = "路 街 大街 巷 胡同".split()
COMPOUNDS = "小区 家园 花园 新村 公寓 苑 里 家属院 棚改安置区 佳苑".split()
NUMERALS = "一 二 三 四 五 六 七 八 九 十".split()


def registry(count: int, seed: int = 7) -> dict:
    """A district (testville's units, people and categories) with ``count`` buildings, ten a grid."""
    rng = random.Random(seed)
    base = yaml.safe_load((ROOT / "tests" / "fixtures" / "districts" / "testville.yaml").read_text())
    grids, seen = [], set()
    while len(seen) < count:
        town, road, kind = rng.choice(TOWNS), rng.choice(ROADS), rng.choice(KINDS)
        compound = rng.choice(ROADS) + rng.choice(COMPOUNDS)
        buildings = []
        for number in range(1, 11):
            address = f"{town}{road}{kind}{rng.randrange(1, 300)}号{compound}{number}号楼"
            if address in seen or len(seen) >= count:
                continue
            seen.add(address)
            alias = f"{compound}{NUMERALS[number - 1]}号楼"
            buildings.append({"id": f"b{len(seen)}", "address": address, "aliases": [alias]})
        if buildings:
            grids.append(
                {
                    "code": f"BN-G{len(grids):05d}",
                    "name": f"第{len(grids)}网格",
                    "households": 100,
                    "buildings": buildings,
                }
            )
    communities = [
        {"id": f"bn-c{i}", "name": f"第{i}社区", "grids": grids[i * 10 : (i + 1) * 10]}
        for i in range((len(grids) + 9) // 10)
    ]
    streets = [
        {"id": f"bn-s{i}", "name": f"第{i}街道", "communities": communities[i * 25 : (i + 1) * 25]}
        for i in range((len(communities) + 24) // 25)
    ]
    base.update(code="bench", name="基准区", ticket_prefix="BN", streets=streets, people=[], bounds=None)
    for unit in base.get("units", []):
        unit.pop("grids", None)
    return base


def typed(addresses: list[str], rng: random.Random) -> str:
    """What a resident has typed so far: a prefix of an address, of its alias, or a middle part."""
    address = rng.choice(addresses)
    start = 0 if rng.random() < 0.7 else rng.randrange(0, max(1, len(address) - 4))
    return address[start : start + rng.randrange(2, 9)]


def client(port: int, seconds: float, seed: int, addresses: list[str], think: float, out: list) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        path = "/api/v1/places/suggestions?q=" + urllib.parse.quote(typed(addresses, rng))
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)
        if think:
            time.sleep(think)
    out.append((latencies, errors))


def process(port: int, seconds: float, seed: int, threads: int, addresses: list[str], think: float, results) -> None:
    out: list = []
    workers = [
        threading.Thread(target=client, args=(port, seconds, seed * 1000 + i, addresses, think, out))
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put(out)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def index_figures(district: dict) -> tuple[float, float]:
    """Seconds to build the index over the registry and the memory it takes (MiB), in this process."""
    from minqing_contracts.org import DistrictConfig
    from minqing_intake.domain.address_index import AddressIndex, district_entries

    config = DistrictConfig.model_validate(district)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    index = AddressIndex(district_entries(config))
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(index) >= 2 * len(district_entries(config)) // 2
    return seconds, grown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--addresses", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think-ms", type=float, default=300, help="pause between a client's requests; 0: flat out")
    parser.add_argument("--port", type=int, default=18411)
    args = parser.parse_args()
    district = registry(args.addresses)
    addresses = [
        b["address"] for s in district["streets"] for c in s["communities"] for g in c["grids"] for b in g["buildings"]
    ]
    build_seconds, build_mib = index_figures(district)
    with tempfile.TemporaryDirectory(prefix="minqing-places-") as folder:
        for demo in (ROOT / "config" / "districts").glob("*.yaml"):
            (Path(folder) / demo.name).write_text(demo.read_text())
        (Path(folder) / "bench.yaml").write_text(yaml.safe_dump(district, allow_unicode=True))
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/unused.db",  # suggestions never reach the database
            "DISTRICTS_DIR": folder,
            "RATE_LIMIT_ADDRESS": "0",
            "LOG_LEVEL": "WARNING",
            "INTAKE_SECRET_KEY": os.urandom(16).hex(),
            "MINQING_ENV": "development",
        }
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:minqing_kit.gunicorn_conf",
                "minqing_intake.wsgi:app",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            run(args, server.pid, addresses, build_seconds, build_mib)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run(args, master: int, addresses: list[str], build_seconds: float, build_mib: float) -> None:
    for _ in range(600):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            probe.request("GET", "/api/v1/places/suggestions?q=" + urllib.parse.quote(addresses[0][:4]))
            assert probe.getresponse().status == 200
            break
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    else:
        raise SystemExit("intake did not start")
    for warm in range(args.workers * 20):  # each worker answers a few before the clock starts
        probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
        probe.request("GET", "/api/v1/places/suggestions?q=" + urllib.parse.quote(addresses[warm][:3]))
        probe.getresponse().read()
    results = multiprocessing.Queue()
    per_process = [args.clients // args.processes + (i < args.clients % args.processes) for i in range(args.processes)]
    cpu_before, started = server_cpu_seconds(master), time.perf_counter()
    processes = [
        multiprocessing.Process(
            target=process, args=(args.port, args.seconds, i, n, addresses, args.think_ms / 1000, results)
        )
        for i, n in enumerate(per_process)
        if n
    ]
    for p in processes:
        p.start()
    outcomes = [item for _ in processes for item in results.get()]
    for p in processes:
        p.join()
    elapsed, cpu = time.perf_counter() - started, server_cpu_seconds(master) - cpu_before
    latencies = [value for found, _ in outcomes for value in found]
    errors = sum(e for _, e in outcomes)
    print(f"registry {len(addresses)} addresses (+ an alias each); index {build_seconds:.2f} s, ~{build_mib:.0f} MiB")
    print(f"{args.clients} clients ({args.processes} processes), think {args.think_ms:.0f} ms between requests")
    print(f"gunicorn workers {args.workers}, {args.seconds:.0f} s")
    print(f"{len(latencies)} requests, {len(latencies) / elapsed:.0f}/s, errors {errors}")
    p50, p90, p99 = (percentile(latencies, f) for f in (0.5, 0.9, 0.99))
    print(f"latency ms p50 {p50:.1f}  p90 {p90:.1f}  p99 {p99:.1f}  max {max(latencies) * 1000:.1f}")
    print(f"server CPU {cpu * 1000 / max(1, len(latencies)):.2f} ms per request; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
