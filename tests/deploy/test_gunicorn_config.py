"""Every gunicorn this project starts (local stack, compose, Kubernetes, the Open311 test server) runs
with the one configuration, minqing_kit.gunicorn_conf, and sets no log or size option of its own."""

from __future__ import annotations

import re
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
