"""Sustained submissions to intake over HTTP: gunicorn on PostgreSQL, load from separate client processes.

    .venv/bin/python bench/intake_submit.py [--seconds 30] [--clients 8] [--workers 4]

Creates a throwaway PostgreSQL database, migrates it, starts ``gunicorn minqing_intake.wsgi:app``,
then runs ``--clients`` client processes, each with one keep-alive connection posting realistic
requests (web channel, a contact sealed for notify, an address resolved to a grid, jieba
classification, duplicate lookup, ticket counter, outbox row) for ``--seconds``. Prints accepted
cases/s, latency percentiles and the server's CPU time per request. ``--baseline`` runs the same load
against a bare Flask app that writes one row plus one outbox row per request on the same database
(the ceiling intake is compared to). The per-address rate limit is off (every client is 127.0.0.1);
the per-phone limit stays on (every request has its own phone number), so its upsert is measured.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEXTS = [
    "门前垃圾三天没人清运,气味很大。",
    "楼道灯坏了,晚上看不见路。",
    "暖气不热,屋里只有十二度。",
    "电梯坏了一个星期,物业一直不修。",
    "邻居家的狗每天夜里叫,噪音扰民。",
    "独居老人行动不便,想申请助餐。",
]


def addresses() -> list[str]:
    """Every building address of the demo district Xinlin, so that cases spread over its grids."""
    from minqing_kit.orgconfig import load_district

    district = load_district(ROOT / "config" / "districts" / "xinlin.yaml")
    return [b.address for s in district.streets for c in s.communities for g in c.grids for b in g.buildings]


def submission_body(rng: random.Random, places: list[str], phone: str) -> bytes:
    """A realistic web submission at one of ``places``, with its own phone number."""
    return json.dumps(
        {
            "district": "xinlin",
            "channel": "web",
            "content": f"{rng.choice(TEXTS)}(第{rng.randrange(10**6)}号)",
            "location": {"address": rng.choice(places)},
            "contact": {"phone": phone},
        },
        ensure_ascii=False,
    ).encode()


def client(port: int, seconds: float, seed: int, results) -> None:
    rng = random.Random(seed)
    places = addresses()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, accepted, refused = [], 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        body = submission_body(rng, places, f"139{rng.randrange(10**8):08d}")
        started = time.perf_counter()
        connection.request("POST", "/api/v1/cases", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        accepted += response.status == 201
        refused += response.status != 201
    results.put((latencies, accepted, refused))


def baseline_app():
    """The ceiling: parse JSON, insert one row and one outbox row in a transaction, answer 201."""
    from flask import Flask, request
    from sqlalchemy import insert

    from minqing_contracts import new_envelope
    from minqing_contracts.events.intake import CaseReceived
    from minqing_intake.adapters.tables import bus, ticket_counters
    from minqing_kit.db import Database
    from minqing_kit.outbox import Outbox

    app, db, outbox = Flask("baseline"), Database(os.environ["DATABASE_URL"]), Outbox(bus.outbox)

    @app.post("/api/v1/cases")
    def submit():
        body, key = request.get_json(), uuid.uuid4().hex[:12]
        payload = CaseReceived.model_validate({**CaseReceived.EXAMPLE, "content": body["content"], "ticket": key})
        with db.transaction() as session:
            session.execute(insert(ticket_counters).values(district=key, day="2026-11-22", last=1))
            outbox.add(session, new_envelope(payload, district="xinlin", producer="bench"))
        return {"ticket": key}, 201

    @app.get("/healthz")
    def healthz():
        return {"status": "alive"}

    return app


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=18401)
    parser.add_argument("--baseline", action="store_true", help="bare Flask + outbox instead of intake")
    parser.add_argument(
        "--project-config", action="store_true", help="gunicorn with minqing_kit.gunicorn_conf (preload), as deployed"
    )
    args = parser.parse_args()
    database = f"intake_bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    from minqing_kit.sealing import generate_contact_keypair

    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}",
        "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
        "RATE_LIMIT_ADDRESS": "0",
        "LOG_LEVEL": "WARNING",
        "NOTIFY_PUBLIC_KEY": generate_contact_keypair()[1],
        "INTAKE_SECRET_KEY": uuid.uuid4().hex,
    }
    subprocess.run([str(BIN / "minqing-intake"), "migrate"], env=env, check=True, capture_output=True)
    app = "intake_submit:baseline_app()" if args.baseline else "minqing_intake.wsgi:app"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            *(["-c", "python:minqing_kit.gunicorn_conf"] if args.project_config else []),
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--chdir",
            str(ROOT / "bench"),
            "--log-level",
            "warning",
            app,
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        run(args, env, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", database], check=False)


def server_processes(master: int) -> list[tuple[Path, list[str]]]:
    """gunicorn's master and its workers: each one's /proc directory and its stat fields after the name."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == master or int(fields[1]) == master:  # fields[1] is the parent pid
            found.append((entry, fields))
    return found


def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) of gunicorn's master and its workers so far, from /proc."""
    ticks = sum(int(fields[11]) + int(fields[12]) for _, fields in server_processes(master))
    return ticks / os.sysconf("SC_CLK_TCK")


def server_memory(master: int) -> list[tuple[int, int, int]]:
    """Each gunicorn process's peak RSS (VmHWM), RSS now and PSS now, in MiB, the master first."""
    figures = []
    for entry, _fields in sorted(server_processes(master), key=lambda found: int(found[0].name) != master):
        status = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines())
        rollup = (entry / "smaps_rollup").read_text().splitlines()
        pss = next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        kib = {field: int(status[field].split()[0]) for field in ("VmHWM", "VmRSS")}
        figures.append((kib["VmHWM"] // 1024, kib["VmRSS"] // 1024, pss // 1024))
    return figures


def run(args, env, master: int) -> None:
    for _ in range(100):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    time.sleep(2)  # let every worker finish loading jieba's dictionary
    results = multiprocessing.Queue()
    clients = [
        multiprocessing.Process(target=client, args=(args.port, args.seconds, i, results)) for i in range(args.clients)
    ]
    started, cpu_before = time.perf_counter(), server_cpu_seconds(master)
    for process in clients:
        process.start()
    gathered = [results.get() for _ in clients]
    elapsed, server_cpu = time.perf_counter() - started, server_cpu_seconds(master) - cpu_before
    for process in clients:
        process.join()
    latencies = [x for lat, _, _ in gathered for x in lat]
    accepted = sum(a for _, a, _ in gathered)
    refused = sum(r for _, _, r in gathered)
    print(
        f"{'bare Flask + outbox' if args.baseline else 'intake'}: gunicorn workers {args.workers}, "
        f"clients {args.clients}, {args.seconds:.0f} s on PostgreSQL"
    )
    print(f"accepted {accepted} cases ({accepted / elapsed:.0f}/s), refused {refused}")
    print(
        f"latency p50 {percentile(latencies, 0.5):.1f} ms, p90 {percentile(latencies, 0.9):.1f} ms, "
        f"p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )
    print(f"server CPU {server_cpu:.1f} s: {server_cpu / max(1, accepted + refused) * 1000:.2f} ms per request")
    memory = server_memory(master)
    print(
        "memory MiB, peak RSS / RSS / PSS: master "
        + " / ".join(map(str, memory[0]))
        + ", workers "
        + ", ".join(" / ".join(map(str, worker)) for worker in memory[1:])
    )


if __name__ == "__main__":
    main()
