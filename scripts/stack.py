"""The local stack: ``make up``.

For each service: migrate, declare its queues, then run a gunicorn web process, an event consumer,
an outbox relay and (where the service has one) a scheduler. Broker: AMQP_URL if it answers, else a
private rabbitmq-server of our own (stopped on exit). Databases: one PostgreSQL database per service
when DATABASE_URL points at a PostgreSQL server, SQLite files under run/ otherwise. Ctrl-C or
SIGTERM stops every process cleanly. Logs: run/logs/<process>.log (``--verbose`` also prints them).
With ``SIMULATE=<cases per minute>`` (or ``SIMULATE=xinlin-quarter``) a simulator feeds realistic cases
and plays handlers and residents once the stack is ready (``make simulate``).
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from private_rabbitmq import PrivateRabbit  # noqa: E402
from stack_support import (BIN, SERVICES, database_urls, dev_keys, has_scheduler, reachable_broker,  # noqa: E402
                           service_environment)

RUN = Path(os.environ.get("MINQING_RUN_DIR", ROOT / "run")).resolve()


class Process:
    def __init__(self, name: str, argv: list[str], env: dict):
        self.name, self.argv, self.env = name, argv, env
        self.popen: subprocess.Popen | None = None
        self.restarts = 0

    def start(self, verbose: bool) -> None:
        log = open(RUN / "logs" / f"{self.name}.log", "ab")
        self.popen = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, start_new_session=True,
                                      stdout=None if verbose else log, stderr=subprocess.STDOUT if not verbose else None)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None


def run_step(argv: list[str], env: dict, what: str) -> None:
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{what} failed:\n{result.stdout}{result.stderr}")


def wait_ready(ports: dict[str, int], timeout: float = 90) -> dict[str, str]:
    deadline, state = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        for service, port in ports.items():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=3) as response:
                    state[service] = "ready" if response.status == 200 else f"HTTP {response.status}"
            except Exception as exc:  # not up yet
                state[service] = f"not ready ({getattr(exc, 'code', type(exc).__name__)})"
        if all(v == "ready" for v in state.values()):
            break
        time.sleep(1)
    return state


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="print every process's log to the terminal")
    parser.add_argument("--exit-when-ready", action="store_true", help="stop again once all are ready (smoke test)")
    args = parser.parse_args()
    (RUN / "logs").mkdir(parents=True, exist_ok=True)

    amqp_url, rabbit = reachable_broker(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")), None
    if amqp_url is None:
        if not PrivateRabbit.available():
            sys.exit("No RabbitMQ answers at AMQP_URL and rabbitmq-server is not installed.\n"
                     "Install it (apt-get install -y rabbitmq-server), start one (rabbitmq-server -detached),\n"
                     "or point AMQP_URL at a running broker.")
        port = int(os.environ.get("MINQING_PRIVATE_RABBITMQ_PORT", "5673"))
        print(f"no broker at AMQP_URL: starting a private RabbitMQ on port {port} (data in run/rabbitmq)")
        rabbit = PrivateRabbit(RUN / "rabbitmq", port, name=f"minqing{port}@localhost").start()
        amqp_url = rabbit.url
    databases = database_urls(os.environ.get("DATABASE_URL"), RUN, os.environ.get("MINQING_DATABASE_PREFIX", "minqing"))
    keys = dev_keys(RUN / "keys.json")
    processes: list[Process] = []
    ports: dict[str, int] = {}
    for service, default_port in SERVICES.items():
        if not (BIN / f"minqing-{service}").exists():
            print(f"WARNING: {service} is not installed (run make install); skipping it")
            continue
        port = int(os.environ.get(f"{service.upper()}_PORT", default_port))
        ports[service] = port
        env = service_environment(service, databases[service], amqp_url, keys, RUN)
        run_step([str(BIN / f"minqing-{service}"), "migrate"], env, f"{service} migrations")
        run_step([str(BIN / f"minqing-{service}"), "declare"], env, f"{service} queue declaration")
        workers = os.environ.get("WEB_WORKERS", "2")
        processes.append(Process(f"{service}-web", [str(BIN / "gunicorn"), f"minqing_{service}.wsgi:app",
                                                    "--bind", f"127.0.0.1:{port}", "--workers", workers,
                                                    "--graceful-timeout", "20", "--access-logfile", "-"], env))
        for kind in ("consumer", "relay") + (("scheduler",) if has_scheduler(service, env) else ()):
            processes.append(Process(f"{service}-{kind}", [str(BIN / f"minqing-{service}"), kind], env))
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.start(args.verbose)
    state = wait_ready(ports)
    print("\nMinqing is up:" if all(v == "ready" for v in state.values()) else "\nMinqing started with problems:")
    for service, port in ports.items():
        print(f"  {service:<11} http://127.0.0.1:{port}   /readyz: {state.get(service)}")
    print(f"  broker      {amqp_url.split('@')[-1]}{' (private)' if rabbit else ''}")
    print(f"  databases   {'PostgreSQL' if databases['intake'].startswith('postgresql') else 'SQLite in run/'}")
    print(f"  districts   {', '.join(sorted(p.stem for p in (ROOT / 'config' / 'districts').glob('*.yaml')))}"
          f" (sign in with any configured person id, password {keys['demo_password']!r})")
    print(f"  processes   {len(processes)}; logs in run/logs/. Ctrl-C stops everything.")
    exit_code = 0 if all(v == "ready" for v in state.values()) else 1
    simulate = os.environ.get("SIMULATE")
    if simulate and not args.exit_when_ready:
        scenario = ["--scenario", simulate] if not simulate.replace(".", "").isdigit() else ["--rate", simulate]
        env = dict(os.environ, AMQP_URL=amqp_url, MINQING_RUN_DIR=str(RUN), DEMO_PASSWORD=keys["demo_password"],
                   **{f"{s.upper()}_PORT": str(p) for s, p in ports.items()})
        simulator = Process("simulator", [sys.executable, str(ROOT / "scripts" / "simulator.py"), *scenario], env)
        simulator.start(verbose=True)  # its progress lines go to the terminal
        simulator.restarts = 5  # a finished scenario is not restarted
        processes.append(simulator)
        print(f"  simulator   feeding cases ({' '.join(scenario)}); progress below")
    while not stopping and not args.exit_when_ready:
        for process in processes:
            if not process.alive() and process.restarts < 5:
                code = process.popen.returncode if process.popen else None
                print(f"{process.name} exited ({code}); restarting (see run/logs/{process.name}.log)")
                process.restarts += 1
                time.sleep(min(30, 2 ** process.restarts))
                process.start(args.verbose)
        time.sleep(1)
    print("\nstopping: letting every process finish its in-flight work ...")
    for process in processes:
        if process.alive():
            process.popen.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for process in processes:
        if process.popen is None:
            continue
        try:
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{process.name} did not stop in time: killing it")
            process.popen.kill()
    if rabbit:
        rabbit.stop()
    print("stopped.")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
