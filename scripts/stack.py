"""The local stack: ``make up``.

For each service: migrate, declare its queues, then run a gunicorn web process, an event consumer,
an outbox relay and (where the service has one) a scheduler; routing also its dispatch model's training
(``minqing-routing train-dispatch --watch``). Each consumer, relay and scheduler serves its own /metrics on
a free port (METRICS_PORT); run/prometheus-targets.json lists every process's for Prometheus (file_sd).
Broker: AMQP_URL if it answers, else a private rabbitmq-server of our own (stopped on exit). Databases:
one PostgreSQL database per service when DATABASE_URL points at a PostgreSQL server, SQLite files under
run/ otherwise. Ctrl-C or SIGTERM stops every process cleanly. Logs: run/logs/<process>.log (``--verbose``
also prints them); the supervisor (scripts/supervisor.py) restarts a process that exits, with its own
back-off, says so on the terminal and in run/logs/stack.log, and keeps run/status.json current.
With ``SIMULATE=<cases per minute>`` (or ``SIMULATE=xinlin-quarter``) a simulator feeds realistic cases
and plays handlers and residents once the stack is ready (``make simulate``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from private_rabbitmq import PrivateRabbit  # noqa: E402
from simulator_actors import drop_legacy_queue  # noqa: E402
from stack_support import (  # noqa: E402
    BIN,
    SERVICES,
    database_urls,
    dev_keys,
    free_port,
    has_scheduler,
    public_port,
    reachable_broker,
    scrape_targets,
    service_environment,
)
from supervisor import Process, Supervisor  # noqa: E402

RUN = Path(os.environ.get("MINQING_RUN_DIR", ROOT / "run")).resolve()


def run_step(argv: list[str], env: dict, what: str) -> None:
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{what} failed:\n{result.stdout}{result.stderr}")


def load_household_files(env: dict) -> None:
    """The demo districts' household files (一户一档, config/households/<district>.csv) and building files
    (院落档案, config/buildings/<district>.csv) into intake; loading again updates (households keyed by ref,
    a grid's building file replaced). A file that does not fit its district is reported, not fatal."""
    districts = Path(env["DISTRICTS_DIR"])
    for folder, command in (("households", "load-households"), ("buildings", "load-buildings")):
        for file in sorted((ROOT / "config" / folder).glob("*.csv")):
            if not (districts / f"{file.stem}.yaml").exists():
                continue
            argv = [str(BIN / "minqing-intake"), command, file.stem, str(file)]
            result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
            if result.returncode != 0:
                print(f"WARNING: {file.stem}'s {folder} file not loaded: {result.stderr.strip()}")


def prepare(service: str, port: int, database_url: str, amqp_url: str, keys: dict) -> list[Process]:
    """One service's steps before it runs (migrate, declare, intake's demo files), in order, and its processes:
    the web process, the consumer, the relay, the scheduler where it has one, and routing's training."""
    env = service_environment(service, database_url, amqp_url, keys, RUN)
    if service == "notify":
        env["SPOOL_DIR"] = os.environ.get("SPOOL_DIR", str(RUN / "notify-spool"))  # not the checkout's run/
    run_step([str(BIN / f"minqing-{service}"), "migrate"], env, f"{service} migrations")
    run_step([str(BIN / f"minqing-{service}"), "declare"], env, f"{service} queue declaration")
    if service == "intake":
        load_household_files(env)
    workers = os.environ.get("WEB_WORKERS", "2")
    web = [str(BIN / "gunicorn"), "-c", "python:minqing_kit.gunicorn_conf", f"minqing_{service}.wsgi:app"]
    processes = [Process(f"{service}-web", [*web, "--bind", f"127.0.0.1:{port}", "--workers", workers], env)]
    for kind in ("consumer", "relay") + (("scheduler",) if has_scheduler(service, env) else ()):
        # each worker serves its own /metrics on a port of its own (run/prometheus-targets.json lists them)
        worker_env = dict(env, METRICS_PORT=str(free_port()))
        processes.append(Process(f"{service}-{kind}", [str(BIN / f"minqing-{service}"), kind], worker_env))
    if service == "routing":  # the history model of dispatch, in its own process as in compose
        argv = [str(BIN / "minqing-routing"), "train-dispatch", "--watch"]
        processes.append(Process("routing-train-dispatch", argv, env))
    return processes


def wait_ready(ports: dict[str, int], supervisor: Supervisor, timeout: float = 90) -> dict[str, str]:
    deadline, state = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        supervisor.check()
        for service, port in ports.items():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=3) as response:
                    state[service] = "ready" if response.status == 200 else f"HTTP {response.status}"
            except Exception as exc:  # not up yet
                state[service] = f"not ready ({getattr(exc, 'code', type(exc).__name__)})"
        if all(v == "ready" for v in state.values()):
            break
        time.sleep(0.25)
    return state


def public_gateway(ports: dict[str, int]) -> Process:
    """The one public address (PUBLIC_BASE_URL) in front of intake and evaluation, as compose's gateway."""
    env = dict(
        os.environ,
        INTAKE_PORT=str(ports["intake"]),
        EVALUATION_PORT=str(ports["evaluation"]),
        PUBLIC_PORT=str(public_port()),
    )
    return Process("public-gateway", [sys.executable, str(ROOT / "scripts" / "public_gateway.py")], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="print every process's log to the terminal")
    parser.add_argument("--exit-when-ready", action="store_true", help="stop again once all are ready (smoke test)")
    args = parser.parse_args()
    (RUN / "logs").mkdir(parents=True, exist_ok=True)

    amqp_url, rabbit = reachable_broker(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")), None
    if amqp_url is None:
        if not PrivateRabbit.available():
            sys.exit(
                "No RabbitMQ answers at AMQP_URL and rabbitmq-server is not installed.\n"
                "Install it (apt-get install -y rabbitmq-server), start one (rabbitmq-server -detached),\n"
                "or point AMQP_URL at a running broker."
            )
        port = int(os.environ.get("MINQING_PRIVATE_RABBITMQ_PORT", "5673"))
        print(f"no broker at AMQP_URL: starting a private RabbitMQ on port {port} (data in run/rabbitmq)")
        rabbit = PrivateRabbit(RUN / "rabbitmq", port, name=f"minqing{port}@localhost").start()
        amqp_url = rabbit.url
    drop_legacy_queue(amqp_url)  # an older simulator's queue, filling with rating tokens
    databases = database_urls(os.environ.get("DATABASE_URL"), RUN, os.environ.get("MINQING_DATABASE_PREFIX", "minqing"))
    keys = dev_keys(RUN / "keys.json")
    installed = [service for service in SERVICES if (BIN / f"minqing-{service}").exists()]
    for service in SERVICES.keys() - set(installed):
        print(f"WARNING: {service} is not installed (run make install); skipping it")
    ports = {service: int(os.environ.get(f"{service.upper()}_PORT", SERVICES[service])) for service in installed}
    with ThreadPoolExecutor(max_workers=len(SERVICES)) as pool:  # the services' steps are independent
        prepared = [
            pool.submit(prepare, service, ports[service], databases[service], amqp_url, keys) for service in installed
        ]
        processes = [process for future in prepared for process in future.result()]
    if {"intake", "evaluation"} <= ports.keys():
        processes.append(public_gateway(ports))
    metrics_ports = {p.name: int(p.env["METRICS_PORT"]) for p in processes if p.env.get("METRICS_PORT", "0") != "0"}
    targets = json.dumps(scrape_targets(ports, metrics_ports), indent=2)
    (RUN / "prometheus-targets.json").write_text(targets, encoding="utf-8")
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    supervisor = Supervisor(processes, ROOT, RUN, args.verbose)
    supervisor.start_all()
    state = wait_ready(ports, supervisor)
    print("\nMinqing is up:" if all(v == "ready" for v in state.values()) else "\nMinqing started with problems:")
    for service, port in ports.items():
        print(f"  {service:<11} http://127.0.0.1:{port}   /readyz: {state.get(service)}")
    print(f"  residents   http://127.0.0.1:{public_port()}   (PUBLIC_BASE_URL: intake and evaluation's pages)")
    print(f"  broker      {amqp_url.split('@')[-1]}{' (private)' if rabbit else ''}")
    print(f"  databases   {'PostgreSQL' if databases['intake'].startswith('postgresql') else 'SQLite in run/'}")
    print(
        f"  districts   {', '.join(sorted(p.stem for p in (ROOT / 'config' / 'districts').glob('*.yaml')))}"
        f" (sign in with any configured person id, password {keys['demo_password']!r})"
    )
    print(f"  metrics     each process's /metrics: {RUN / 'prometheus-targets.json'} (Prometheus file_sd)")
    print(f"  processes   {len(processes)}; logs in run/logs/. Ctrl-C stops everything.")
    exit_code = 0 if all(v == "ready" for v in state.values()) else 1
    simulate = os.environ.get("SIMULATE")
    if simulate and not args.exit_when_ready:
        scenario = ["--scenario", simulate] if not simulate.replace(".", "").isdigit() else ["--rate", simulate]
        env = dict(
            os.environ,
            AMQP_URL=amqp_url,
            MINQING_RUN_DIR=str(RUN),
            DEMO_PASSWORD=keys["demo_password"],
            **{f"{s.upper()}_PORT": str(p) for s, p in ports.items()},
        )
        supervisor.add(
            Process(
                "simulator", [sys.executable, str(ROOT / "scripts" / "simulator.py"), *scenario], env, restart=False
            ),
            verbose=True,
        )  # progress on the terminal; a finished scenario stays so
        print(f"  simulator   feeding cases ({' '.join(scenario)}); progress below")
    while not stopping and not args.exit_when_ready:
        supervisor.check()
        time.sleep(0.5)
    print("\nstopping: letting every process finish its in-flight work ...")
    supervisor.stop_all()
    if rabbit:
        rabbit.stop()
    print("stopped.")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
