"""The whole pipeline, black-box, beside a bare pipeline of the same hops, in one invocation (issue 20).

    .venv/bin/python bench/pipeline.py                                   # the full measurement (~8 min)
    .venv/bin/python bench/pipeline.py --intake-seconds 10 --max-seconds 20 --rate 60 --paced-seconds 15

Minqing: ``scripts/stack.py`` as ``make up`` runs it (every web, consumer, relay and scheduler process
under its supervisor; ``WEB_WORKERS`` gunicorn workers each), on PostgreSQL (fresh databases) and a
fresh RabbitMQ vhost. Bare: ``bench/bare_pipeline.py`` (Flask + outbox -> relay with confirms -> a
consumer's inbox + outbox -> relay -> two inbox consumers; one transaction per message), on its own
databases and vhost, same machine, same minutes. Each pipeline goes through three phases:

1. intake alone: the relays are stopped (SIGSTOP) and clients post as fast as they can; requests/s and
   the CPU per request of the web processes and their database's PostgreSQL backends;
2. max rate: relays resumed, the backlog drained, then clients post as fast as they can for
   ``--max-seconds``; accepted/s, completed cases/s (submitted in the phase / until the last one is
   complete), CPU ms per case per process type, PostgreSQL and RabbitMQ over that time;
3. an offered ``--rate`` (open loop: each request is sent at its scheduled time, or at once if late);
   accepted/s and end-to-end p50/p95/p99.

A Minqing case is complete when routing has dispatched it, evaluation's read model has it and notify
has its contact and planned its deliveries (the same transaction). End to end runs from intake's
``received_at`` to the last inbox row (any service) for any event of that case. Realistic Chinese
requests with a phone number, at every building of both demo districts. Then: idle CPU, peak RSS
(VmHWM) per process, and the checks (every accepted case reached every hop once, outboxes and queues
empty, nothing parked or failed). CPU is read from /proc; PostgreSQL backends are attributed by
database; RabbitMQ (beam.smp) and PostgreSQL's background processes serve the whole machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))
from intake_submit import TEXTS, percentile  # noqa: E402

PG = "postgresql://postgres@127.0.0.1:5432/{}"
TICK = os.sysconf("SC_CLK_TCK")
SERVICES = ("intake", "routing", "evaluation", "notify")
DISPATCHED = "SELECT count(*) FROM cases WHERE dispatched_at IS NOT NULL"  # routing's
DELIVERIES = "SELECT count(*), count(DISTINCT (source_event_id, recipient_key, channel)) FROM deliveries"  # notify's


def connect(database: str, **options) -> psycopg.Connection:
    """The bench's own connection for a probe, tried again for up to a minute while the shared server
    has no connection slot left (other engineers' stacks), rather than losing a run's figures."""
    for attempt in range(60):
        try:
            return psycopg.connect(PG.format(database), **options)
        except psycopg.OperationalError as exc:
            if "too many clients" not in str(exc) or attempt == 59:
                raise
            time.sleep(1)
    raise AssertionError("unreachable")


# -- load ----------------------------------------------------------------------------------------
def places() -> list[tuple[str, str]]:
    from minqing_kit.orgconfig import load_districts

    districts = load_districts(ROOT / "config" / "districts")
    return [
        (name, b.address)
        for name, d in sorted(districts.items())
        for s in d.streets
        for c in s.communities
        for g in c.grids
        for b in g.buildings
    ]


def client(port: int, where: list[tuple[str, str]], seconds: float, rate: float, seed: int, results) -> None:
    """Post for ``seconds``: as fast as possible (rate 0) or at ``rate``/s on a fixed schedule."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, accepted, refused = [], 0, 0
    start = time.perf_counter()
    sent = 0
    while (now := time.perf_counter()) < start + seconds:
        if rate:
            due = start + sent / rate
            if due > now:
                time.sleep(due - now)
        district, address = rng.choice(where)
        body = {
            "district": district,
            "channel": "web",
            "content": f"{rng.choice(TEXTS)}(第{rng.randrange(10**6)}号)",
            "location": {"address": address},
            "contact": {"phone": f"139{rng.randrange(10**8):08d}"},
        }
        began = time.perf_counter()
        try:
            encoded = json.dumps(body, ensure_ascii=False).encode()
            connection.request("POST", "/api/v1/cases", encoded, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            ok = response.status == 201
        except (OSError, http.client.HTTPException):
            connection.close()
            connection, ok = http.client.HTTPConnection("127.0.0.1", port, timeout=60), False
        latencies.append(time.perf_counter() - began)
        accepted += ok
        refused += not ok
        sent += 1
    results.put((latencies, accepted, refused, start, time.perf_counter()))


def load(port: int, seconds: float, clients: int, rate: float = 0) -> dict:
    ctx = multiprocessing.get_context("fork")
    results, where = ctx.Queue(), places()
    procs = [
        ctx.Process(target=client, args=(port, where, seconds, rate / clients, random.randrange(10**9), results))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    gathered = [results.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = max(g[4] for g in gathered) - min(g[3] for g in gathered)
    latencies = [x for g in gathered for x in g[0]]
    accepted = sum(g[1] for g in gathered)
    return {
        "accepted": accepted,
        "refused": sum(g[2] for g in gathered),
        "per_s": accepted / elapsed,
        "p50": percentile(latencies, 0.5) if latencies else 0,
        "p99": percentile(latencies, 0.99) if latencies else 0,
    }


# -- /proc -----------------------------------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_ticks(pid: int) -> int:
    fields = _stat(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def with_children(pid: int) -> list[int]:
    """The process and its descendants (gunicorn's workers)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children[int(fields[1])].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(current := todo.pop())
        todo.extend(children.get(current, []))
    return found


def pids_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def machine_ticks() -> int:
    return sum(int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:8])


class CpuMeter:
    """CPU ticks per process type between ``start()`` and ``stop()``; backends keyed by database."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline

    def _snapshot(self) -> dict[tuple[str, int], int]:
        snap = {(kind, pid): cpu_ticks(pid) for kind, pids in self.pipeline.processes().items() for pid in pids}
        for pid, database in self.pipeline.backends():
            snap[(f"postgres:{database}", pid)] = cpu_ticks(pid)
        for pid in pids_named("beam.smp"):
            snap[("rabbitmq (whole broker)", pid)] = cpu_ticks(pid)
        snap[("machine", 0)] = machine_ticks()
        return snap

    def start(self) -> None:
        self.before, self.began = self._snapshot(), time.perf_counter()

    def stop(self) -> dict[str, float]:
        after, self.seconds = self._snapshot(), time.perf_counter() - self.began
        spent: dict[str, float] = defaultdict(float)
        for (kind, pid), ticks in after.items():
            spent[kind] += (ticks - self.before.get((kind, pid), 0)) / TICK
        return dict(spent)


# -- the two pipelines ---------------------------------------------------------------------------------
class Pipeline:
    name = ""
    port = 0

    def processes(self) -> dict[str, list[int]]:
        raise NotImplementedError

    def databases(self) -> dict[str, str]:  # hop -> database name
        raise NotImplementedError

    def backends(self) -> list[tuple[int, str]]:
        names = {v: k for k, v in self.databases().items()}
        with connect("postgres", autocommit=True) as c:
            rows = c.execute("SELECT pid, datname FROM pg_stat_activity WHERE datname = ANY(%s)", (list(names),))
            return [(pid, names[d]) for pid, d in rows.fetchall()]

    def query(self, hop: str, sql: str, params: tuple = ()) -> list[tuple]:
        with connect(self.databases()[hop]) as c:
            return c.execute(sql, params).fetchall()

    def relays(self) -> list[int]:
        return [pid for kind, pids in self.processes().items() if "relay" in kind for pid in pids]

    def completed(self) -> int:
        raise NotImplementedError

    def finished_at(self, since: datetime) -> list[tuple[datetime, datetime]]:
        """(submitted, complete) of each case submitted since ``since``."""
        raise NotImplementedError

    def checks(self, accepted: int) -> list[str]:
        raise NotImplementedError

    def batches(self, since: datetime) -> dict[str, float]:
        """Events per batch since ``since``, by consumer and relay (empty where a hop takes one at a time)."""
        return {}

    def queues(self) -> dict[str, tuple[int, int]]:
        out = subprocess.run(
            ["rabbitmqctl", "list_queues", "-q", "-p", self.vhost, "name", "messages_ready", "messages_unacknowledged"],
            capture_output=True,
            text=True,
        ).stdout
        return {
            parts[0]: (int(parts[1]), int(parts[2]))
            for line in out.splitlines()
            if len(parts := line.split()) == 3 and parts[1].isdigit()
        }


def create_vhost(vhost: str) -> str:
    subprocess.run(["rabbitmqctl", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True, capture_output=True
    )
    return f"amqp://guest:guest@127.0.0.1:5672/{vhost}"


def drop(databases: list[str], vhost: str) -> None:
    with connect("postgres", autocommit=True) as admin:
        for name in databases:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True)


class Minqing(Pipeline):
    name = "Minqing"

    def __init__(self, tag: str, web_workers: int, port_base: int, tree: Path = ROOT):
        self.tag, self.vhost = tag, f"minqing-pipeline-{tag}"
        self.run_dir = Path(f"/tmp/minqing-pipeline-{tag}")
        self.port = port_base + 1
        amqp = create_vhost(self.vhost)
        env = dict(
            os.environ,
            DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
            MINQING_DATABASE_PREFIX=f"pipe_{tag}",
            MINQING_RUN_DIR=str(self.run_dir),
            AMQP_URL=amqp,
            WEB_WORKERS=str(web_workers),
            PUBLIC_PORT=str(port_base),
            **{f"{s.upper()}_PORT": str(port_base + 1 + i) for i, s in enumerate(SERVICES)},
        )
        env.pop("SIMULATE", None)
        if tree != ROOT:  # another checkout's code (e.g. ``git archive`` of a commit) ahead of the editable installs
            packages = [tree / "shared", tree / "kit", *(tree / "services" / s for s in SERVICES)]
            env["PYTHONPATH"] = os.pathsep.join(str(p) for p in packages)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        output = self.run_dir / "stack.out"
        with open(output, "w") as sink:
            self.stack = subprocess.Popen(
                [sys.executable, str(tree / "scripts" / "stack.py")],
                env=env,
                cwd=ROOT,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        while "\nMinqing " not in (said := output.read_text()):
            if self.stack.poll() is not None:
                drop(list(self.databases().values()), self.vhost)  # the databases stack.py made, and our vhost
                raise SystemExit(f"the stack did not start:\n{said}")
            time.sleep(0.5)
        time.sleep(1)
        if "\nMinqing is up" not in said:
            self.stop()
            raise SystemExit(f"the stack started with problems (see {self.run_dir}/logs):\n{said}")
        self._processes = {
            name: with_children(p["pid"])
            for name, p in json.loads((self.run_dir / "status.json").read_text())["processes"].items()
            if p["pid"]
        }

    def databases(self) -> dict[str, str]:
        return {s: f"pipe_{self.tag}_{s}" for s in SERVICES}

    def processes(self) -> dict[str, list[int]]:
        return self._processes

    def completed(self) -> int:
        return min(
            self.query("routing", DISPATCHED)[0][0],
            self.query("evaluation", "SELECT count(*) FROM cases")[0][0],
            self.query("notify", "SELECT count(*) FROM case_contacts")[0][0],
        )

    def finished_at(self, since: datetime) -> list[tuple[datetime, datetime]]:
        submitted = dict(self.query("intake", "SELECT id, received_at FROM cases WHERE received_at >= %s", (since,)))
        case_of, last = {}, {}
        for service in SERVICES:
            rows = self.query(service, "SELECT event_id, body FROM outbox WHERE created_at >= %s", (since,))
            for event_id, body in rows:
                case_of[event_id] = json.loads(body).get("case_id")
        for service in SERVICES:
            rows = self.query(service, "SELECT event_id, processed_at FROM inbox WHERE processed_at >= %s", (since,))
            for event_id, at in rows:
                case = case_of.get(event_id)
                if case in submitted and (case not in last or at > last[case]):
                    last[case] = at
        return [(submitted[c], last[c]) for c in submitted if c in last]

    def checks(self, accepted: int) -> list[str]:
        counts = {
            "intake cases": self.query("intake", "SELECT count(*) FROM cases")[0][0],
            "routing dispatched": self.query("routing", DISPATCHED)[0][0],
            "evaluation cases": self.query("evaluation", "SELECT count(*) FROM cases")[0][0],
            "evaluation case.received facts": self.query(
                "evaluation", "SELECT count(*) FROM facts WHERE event_type = 'case.received.v1'"
            )[0][0],
            "notify contacts": self.query("notify", "SELECT count(*) FROM case_contacts")[0][0],
            "intake case.received events": self.query(
                "intake", "SELECT count(*) FROM outbox WHERE event_type = 'case.received.v1'"
            )[0][0],
        }
        problems = [f"{what}: {n} (accepted {accepted})" for what, n in counts.items() if n != accepted]
        for service in SERVICES:
            unsent = self.query(service, "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0]
            failures = self.query(service, "SELECT count(*) FROM consumer_failures")[0][0]
            problems += [f"{service}: {unsent} outbox rows unsent"] * bool(unsent)
            problems += [f"{service}: {failures} consumer failures"] * bool(failures)
        deliveries = self.query("notify", DELIVERIES)[0]
        problems += [f"notify deliveries duplicated: {deliveries}"] * (deliveries[0] != deliveries[1])
        problems += [f"queue {q}: {r} ready, {u} unacked" for q, (r, u) in self.queues().items() if r or u]
        self.deliveries = deliveries[0]
        return problems

    def batches(self, since: datetime) -> dict[str, float]:
        """A consumer's batch shares one ``processed_at`` (its inbox claim's), a relay's one ``published_at``."""
        sizes = {}
        for service in SERVICES:
            for kind, column, table in (("consumer", "processed_at", "inbox"), ("relay", "published_at", "outbox")):
                rows, batches = self.query(
                    service, f"SELECT count(*), count(DISTINCT {column}) FROM {table} WHERE {column} >= %s", (since,)
                )[0]
                if batches:
                    sizes[f"{service}-{kind}"] = rows / batches
        return sizes

    def stop(self) -> None:
        os.killpg(self.stack.pid, signal.SIGTERM)
        try:
            self.stack.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.stack.pid, signal.SIGKILL)
        drop(list(self.databases().values()), self.vhost)


class Bare(Pipeline):
    name = "bare"

    def __init__(self, tag: str, web_workers: int, port: int):
        self.tag, self.vhost, self.port = tag, f"bare-pipeline-{tag}", port
        amqp = create_vhost(self.vhost)
        with connect("postgres", autocommit=True) as admin:
            for name in self.databases().values():
                admin.execute(f'CREATE DATABASE "{name}"')
        urls = {f"BARE_DB_{h.upper()}": PG.format(d) for h, d in self.databases().items()}
        env = dict(os.environ, AMQP_URL=amqp, **urls)
        script = [sys.executable, str(ROOT / "bench" / "bare_pipeline.py")]
        subprocess.run([*script, "setup"], env=env, check=True)
        argv = {
            "bare-web": [
                str(BIN / "gunicorn"), "-w", str(web_workers), "-b", f"127.0.0.1:{port}", "--chdir",
                str(ROOT / "bench"), "--log-level", "warning", "bare_pipeline:app",
            ],
            "bare-relay-web": [*script, "relay", "web"],
            "bare-relay-mid": [*script, "relay", "mid"],
            **{f"bare-consumer-{hop}": [*script, "consumer", hop] for hop in ("mid", "a", "b")},
        }  # fmt: skip
        self.popens = {k: subprocess.Popen(a, env=env, cwd=ROOT, start_new_session=True) for k, a in argv.items()}
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3):
                    break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)
        self._processes = {k: with_children(p.pid) for k, p in self.popens.items()}

    def databases(self) -> dict[str, str]:
        return {h: f"bare_{self.tag}_{h}" for h in ("web", "mid", "a", "b")}

    def processes(self) -> dict[str, list[int]]:
        return self._processes

    def completed(self) -> int:
        return min(self.query(h, "SELECT count(*) FROM cases")[0][0] for h in ("a", "b"))

    def finished_at(self, since: datetime) -> list[tuple[datetime, datetime]]:
        submitted = dict(self.query("web", "SELECT case_id, at FROM cases WHERE at >= %s", (since,)))
        ends = [dict(self.query(h, "SELECT case_id, at FROM cases WHERE at >= %s", (since,))) for h in ("a", "b")]
        return [(at, max(e[c] for e in ends)) for c, at in submitted.items() if all(c in e for e in ends)]

    def checks(self, accepted: int) -> list[str]:
        problems = []
        for hop in self.databases():
            n = self.query(hop, "SELECT count(*) FROM cases")[0][0]
            problems += [f"{hop}: {n} cases (accepted {accepted})"] * (n != accepted)
        for hop in ("web", "mid"):
            unsent = self.query(hop, "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0]
            problems += [f"{hop}: {unsent} outbox rows unsent"] * bool(unsent)
        problems += [f"queue {q}: {r} ready, {u} unacked" for q, (r, u) in self.queues().items() if r or u]
        return problems

    def stop(self) -> None:
        for p in self.popens.values():
            p.terminate()
        for p in self.popens.values():
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        drop(list(self.databases().values()), self.vhost)


# -- phases --------------------------------------------------------------------------------------------
def drain(pipeline: Pipeline, total: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pipeline.completed() < total:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


def e2e(pipeline: Pipeline, since: datetime) -> tuple[list[float], float]:
    """End-to-end latencies (s) of the cases submitted since ``since``, and the last completion."""
    pairs = pipeline.finished_at(since)
    if not pairs:
        return [], 0.0
    return [(done - sub).total_seconds() for sub, done in pairs], max(d for _, d in pairs).timestamp()


def measure(pipeline: Pipeline, args) -> dict:
    figures: dict = {}
    total = 0
    # 1. intake alone
    relays = pipeline.relays()
    for pid in relays:
        os.kill(pid, signal.SIGSTOP)
    meter = CpuMeter(pipeline)
    meter.start()
    alone = load(pipeline.port, args.intake_seconds, args.clients)
    cpu = meter.stop()
    for pid in relays:
        os.kill(pid, signal.SIGCONT)
    total += alone["accepted"]
    web = [k for k in cpu if k.endswith("-web") and k.startswith(("intake", "bare"))][0]
    web_db = "postgres:intake" if "postgres:intake" in cpu else "postgres:web"
    figures["intake"] = {**alone, "cpu_ms": (cpu[web] + cpu.get(web_db, 0)) * 1000 / max(1, alone["accepted"])}
    figures["drained_alone"] = drain(pipeline, total, args.drain_timeout)
    # 2. max rate
    since, began = datetime.now().astimezone(), time.time()
    meter.start()
    burst = load(pipeline.port, args.max_seconds, args.clients)
    total += burst["accepted"]
    figures["drained_max"] = drain(pipeline, total, args.drain_timeout)
    cpu = meter.stop()
    latencies, last = e2e(pipeline, since)
    n = len(latencies)
    figures["max"] = {
        **burst,
        "completed": n,
        "completed_per_s": n / max(1e-9, last - began),
        "cpu_ms_per_case": {k: v * 1000 / max(1, n) for k, v in sorted(cpu.items())},
        "e2e": [percentile(latencies, q) for q in (0.5, 0.95, 0.99)] if latencies else [0, 0, 0],
        "batches": pipeline.batches(since),
    }
    # 3. offered rate
    since = datetime.now().astimezone()
    paced = load(pipeline.port, args.paced_seconds, args.paced_clients, args.rate)
    total += paced["accepted"]
    figures["drained_paced"] = drain(pipeline, total, args.drain_timeout)
    latencies, _ = e2e(pipeline, since)
    figures["paced"] = {
        **paced,
        "e2e": [percentile(latencies, q) for q in (0.5, 0.95, 0.99)] if latencies else [0, 0, 0],
        "batches": pipeline.batches(since),
    }
    # idle, memory, checks
    time.sleep(2)
    meter.start()
    time.sleep(args.idle_seconds)
    cpu = meter.stop()
    own = [k for k in cpu if k != "machine" and not k.startswith("rabbitmq")]
    figures["idle_pct"] = sum(cpu[k] for k in own) / meter.seconds * 100
    figures["idle_top"] = sorted(((cpu[k] / meter.seconds * 100, k) for k in own), reverse=True)[:5]
    figures["rss"] = {
        kind: max(peak_rss_mb(p) for p in pids) for kind, pids in sorted(pipeline.processes().items()) if pids
    }
    figures["accepted_total"] = total
    figures["problems"] = pipeline.checks(total)
    return figures


def report(name: str, f: dict) -> None:
    i, m, p = f["intake"], f["max"], f["paced"]
    print(f"\n== {name}")
    print(
        f"intake alone: {i['per_s']:.0f} requests/s (p50 {i['p50']:.0f} ms, p99 {i['p99']:.0f} ms, "
        f"refused {i['refused']}), {i['cpu_ms']:.2f} ms CPU per request (web + its PostgreSQL backends)"
    )
    print(
        f"max rate: {m['per_s']:.0f} accepted/s, {m['completed']} completed at {m['completed_per_s']:.1f} cases/s; "
        f"end to end p50/p95/p99 {m['e2e'][0]:.0f} / {m['e2e'][1]:.0f} / {m['e2e'][2]:.0f} ms"
    )
    print("  CPU ms per case: " + ", ".join(f"{k} {v:.2f}" for k, v in m["cpu_ms_per_case"].items()))
    if m["batches"]:
        print("  events per batch: " + ", ".join(f"{k} {v:.1f}" for k, v in m["batches"].items()))
    print(
        f"offered {args_rate:.0f}/s: {p['per_s']:.1f} accepted/s (refused {p['refused']}); "
        f"end to end p50/p95/p99 {p['e2e'][0]:.0f} / {p['e2e'][1]:.0f} / {p['e2e'][2]:.0f} ms"
    )
    if p["batches"]:
        print("  events per batch: " + ", ".join(f"{k} {v:.1f}" for k, v in p["batches"].items()))
    top = ", ".join(f"{k} {v:.2f}" for v, k in f["idle_top"])
    print(f"idle CPU of its processes and PostgreSQL backends: {f['idle_pct']:.1f} % of one core (most: {top})")
    print("peak RSS MB: " + ", ".join(f"{k} {v:.0f}" for k, v in f["rss"].items()))
    drained = all(f[k] for k in ("drained_alone", "drained_max", "drained_paced"))
    print(
        f"checks ({f['accepted_total']} accepted): "
        + ("all hold" if not f["problems"] and drained else "; ".join(f["problems"] + ["not drained"] * (not drained)))
    )


args_rate = 0.0


def main() -> int:
    global args_rate
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intake-seconds", type=float, default=15)
    parser.add_argument("--max-seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=300, help="offered cases/s in phase 3")
    parser.add_argument("--paced-seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8, help="closed-loop clients in phases 1 and 2")
    parser.add_argument("--paced-clients", type=int, default=16)
    parser.add_argument("--web-workers", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=10)
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--only", choices=("both", "minqing", "bare"), default="both")
    parser.add_argument("--port-base", type=int, default=18600)
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="run Minqing from this checkout (e.g. a commit unpacked by git archive)"
    )
    args = parser.parse_args()
    args_rate = args.rate
    tag = uuid.uuid4().hex[:6]
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    results = {}
    kinds = [("bare", Bare), ("Minqing", Minqing)]
    for name, kind in kinds:
        if args.only not in ("both", name.lower()):
            continue
        started = time.perf_counter()
        port = args.port_base + 10 if kind is Bare else args.port_base
        pipeline = Bare(tag, args.web_workers, port) if kind is Bare else kind(tag, args.web_workers, port, args.tree)
        try:
            results[name] = measure(pipeline, args)
        finally:
            pipeline.stop()
        report(name, results[name])
        print(f"({name} took {time.perf_counter() - started:.0f} s)")
    if len(results) == 2:
        mq, bare = results["Minqing"], results["bare"]
        print("\n== ratios (Minqing / bare)")
        print(f"intake alone: {mq['intake']['per_s'] / bare['intake']['per_s']:.2f}")
        print(f"intake CPU per request: {mq['intake']['cpu_ms'] / bare['intake']['cpu_ms']:.1f}x")
        print(f"end to end at max rate: {mq['max']['completed_per_s'] / bare['max']['completed_per_s']:.2f}")
        machine = [r["max"]["cpu_ms_per_case"]["machine"] for r in (mq, bare)]
        print(f"CPU per case, whole machine: {machine[0]:.1f} vs {machine[1]:.1f} ms = {machine[0] / machine[1]:.1f}x")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
