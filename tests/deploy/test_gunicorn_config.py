"""Every gunicorn this project starts (local stack, compose, Kubernetes, the Open311 test server) runs
with the one configuration, minqing_kit.gunicorn_conf, and sets no log or size option of its own; with it
the master builds the app (the district configuration) once, before forking, and connects to nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ["-c", "python:minqing_kit.gunicorn_conf"]
CONFIG_IN_SOURCE = re.compile(r'"-c",\s*"python:minqing_kit\.gunicorn_conf"')  # however the argv list is wrapped
OWN_OPTIONS = re.compile(r"--(access-logfile|error-logfile|log-file|access-logformat|limit-request|graceful-timeout)")


def gunicorn_commands() -> dict[str, list[str]]:
    commands = {}
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    for name, service in compose["services"].items():
        if "gunicorn" in (service.get("command") or [])[:1]:
            commands[f"compose {name}"] = service["command"]
    for path in sorted((ROOT / "deploy" / "k8s" / "base").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            for container in (doc or {}).get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
                if container.get("command", [""])[0] == "gunicorn":
                    commands[f"k8s {doc['metadata']['name']}"] = container["command"]
    return commands


def test_compose_and_kubernetes_web_processes_use_the_one_configuration():
    commands = gunicorn_commands()
    assert len([c for c in commands if c.startswith("compose")]) == 4, commands
    assert len([c for c in commands if c.startswith("k8s")]) == 4, commands
    for where, command in commands.items():
        assert command[1:3] == CONFIG, (where, command)
        assert not OWN_OPTIONS.search(" ".join(command)), (where, command)


def test_the_local_stack_and_the_test_server_use_it_too():
    for path in (ROOT / "scripts" / "stack.py", ROOT / "tests" / "intake" / "open311_support.py"):
        source = path.read_text(encoding="utf-8")
        assert CONFIG_IN_SOURCE.search(source), path
        assert not OWN_OPTIONS.search(source), path


# The project's configuration, and a look at the master once its workers are forked (``when_ready``): was the
# app built there, and did building it open a database engine?
PROBE = """
import json, sys
from minqing_kit.gunicorn_conf import *  # noqa: F403

def when_ready(server):
    module = sys.modules.get("minqing_routing.wsgi")
    db = module.app.extensions["runtime"].db if module else None
    seen = {"built": module is not None, "engine": db is not None and db._engine is not None}
    open(OUT, "w").write(json.dumps(seen))
"""


def test_the_master_builds_the_app_once_before_forking_and_connects_to_nothing(tmp_path):
    seen = tmp_path / "seen.json"
    (tmp_path / "probe_conf.py").write_text(f"OUT = {str(seen)!r}\n" + PROBE, encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=str(tmp_path),
        MINQING_ENV="development",
        DATABASE_URL=f"sqlite:///{tmp_path}/routing.sqlite",
        DISTRICTS_DIR=str(ROOT / "tests" / "fixtures" / "districts"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path),
    )
    command = ["-c", "python:probe_conf", "minqing_routing.wsgi:app", "--bind", "127.0.0.1:0", "--workers", "2"]
    master = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), *command], env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not seen.exists() and master.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert seen.exists(), f"gunicorn never got ready (exit {master.poll()})"
        time.sleep(0.2)  # the file written whole
        assert json.loads(seen.read_text(encoding="utf-8")) == {"built": True, "engine": False}
    finally:
        master.terminate()
        master.wait(timeout=60)
