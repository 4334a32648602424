"""Settings are the only door to the environment: nothing outside the settings modules reads it, a
missing secret outside development stops the CLI and the app factories naming the variable, and
check-settings shows every setting with no secret value in it."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from minqing_kit.service import parser_for
from minqing_kit.settings import SettingsError

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
READS_ENVIRONMENT = re.compile(r"\bos\.environ\b|\bos\.getenv\b|\bgetenv\(|from os import .*environ")
REQUIRED = {
    "intake": "INTAKE_SECRET_KEY",
    "routing": "TOKEN_SIGNING_KEY",
    "evaluation": "PAGES_SECRET_KEY",
    "notify": "CONTACT_PRIVATE_KEY",
}
# a value for every secret any service has, each one recognisable in the output
SECRETS = {
    "INTAKE_SECRET_KEY": "intake-secret-value-0001",
    "PAGES_SECRET_KEY": "pages-secret-value-0002",
    "TOKEN_SIGNING_KEY": "C0tE+6MdZ9wG3m8sX6a6oRk0Xc0lB3tq9vQyJ2X9a3E=",
    "DEMO_PASSWORD": "demo-value-0004",
    "CONTACT_PRIVATE_KEY": "contact-value-0005",
    "SMTP_PASSWORD": "smtp-value-0006",
    "SMS_GATEWAY_SECRET": "gateway-value-0007",
}
URLS = {
    "DATABASE_URL": "sqlite:///{scratch}/db.sqlite",
    "AMQP_URL": "amqp://minqing:amqp-pass-0008@rabbit:5672/%2F",
    "SMS_GATEWAY_URL": "https://gw:gw-pass-0009@sms.example.cn/send",
}


def package_modules():
    for package in [ROOT / "kit" / "minqing_kit", *sorted((ROOT / "services").glob("*/minqing_*"))]:
        yield from (path for path in sorted(package.rglob("*.py")) if "migrations" not in path.parts)


def test_only_settings_modules_read_the_environment():
    allowed = {ROOT / "kit" / "minqing_kit" / "settings.py"}
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in package_modules()
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_ENVIRONMENT.search(line)
    ]
    assert readers == [], "declare the variable in the service's settings model instead: " + ", ".join(readers)


def cli(service: str, *args: str, **environ: str) -> subprocess.CompletedProcess:
    """The service's command with only these variables (and PATH) in its environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
        **environ,
    }
    return subprocess.run(
        [str(BIN / f"minqing-{service}"), *args], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )


@pytest.mark.parametrize("service", sorted(REQUIRED))
def test_a_missing_secret_outside_development_stops_check_settings_naming_it(service, tmp_path):
    others = {k: v for k, v in SECRETS.items() if k != REQUIRED[service]}
    done = cli(service, "check-settings", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite", **others)
    assert done.returncode != 0 and done.stdout == ""
    assert f"{REQUIRED[service]}=(missing)" in done.stderr and "MINQING_ENV=production" in done.stderr


@pytest.mark.parametrize("service", sorted(REQUIRED))
def test_check_settings_shows_every_setting_and_no_secret_value(service, tmp_path):
    urls = {k: v.format(scratch=tmp_path) for k, v in URLS.items()}
    done = cli(service, "check-settings", **SECRETS, **urls, CONSUMER_GROUP="shown-group")
    assert done.returncode == 0, done.stderr
    leaked = [
        name
        for name, value in {**SECRETS, "amqp": "amqp-pass-0008", "gw": "gw-pass-0009"}.items()
        if value in done.stdout + done.stderr
    ]
    assert leaked == []
    assert '"CONSUMER_GROUP": "shown-group"' in done.stdout and "amqp://minqing:***@rabbit:5672/%2F" in done.stdout
    assert f'"{REQUIRED[service]}": "(set)"' in done.stdout


def test_gunicorn_stops_at_start_on_a_missing_secret(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
        "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
    }
    command = [
        str(BIN / "gunicorn"),
        "-c",
        "python:minqing_kit.gunicorn_conf",
        "minqing_evaluation.wsgi:app",
        "--bind",
        "127.0.0.1:0",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode != 0 and "PAGES_SECRET_KEY=(missing)" in done.stderr
    assert "Booting worker" not in done.stderr  # the master stopped before forking


def test_development_keeps_its_defaults_with_a_warning(tmp_path):
    done = cli("intake", "check-settings", MINQING_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite")
    assert done.returncode == 0, done.stderr
    assert '"INTAKE_SECRET_KEY": "(set)"' in done.stdout
    assert "INTAKE_SECRET_KEY is not set: a development default is in use" in done.stderr


@pytest.mark.parametrize("service", sorted(REQUIRED))
def test_the_app_factory_stops_on_a_missing_secret_outside_development(service, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db.sqlite")
    monkeypatch.setenv("MINQING_ENV", "production")
    monkeypatch.delenv(REQUIRED[service], raising=False)
    create_app = importlib.import_module(f"minqing_{service}.web").create_app
    with pytest.raises(SettingsError) as caught:
        create_app()
    assert [p.split("=")[0] for p in caught.value.problems] == [REQUIRED[service]]


def test_help_lists_every_command_of_a_service():
    commands = {}
    for service in REQUIRED:
        definition = importlib.import_module(f"minqing_{service}.definition").DEFINITION
        commands[service] = parser_for(definition).format_help()
    for text in commands.values():
        assert all(name in text for name in ("consumer", "relay", "migrate", "declare", "check-settings"))
    assert "add-open311-client" in commands["intake"] and "scheduler" not in commands["intake"]
    assert "set-password" in commands["routing"] and "scheduler" in commands["routing"]
    assert "set-password" not in commands["notify"]
