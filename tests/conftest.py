"""Fixtures shared by every tier: the real broker and PostgreSQL, found or started, and cleaned up."""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

if os.environ.get("ANSWERS_NAME_EVERY_KEY"):  # a check by hand: a view's data holding a key its model lacks fails
    from minqing_kit.response_models import ResponseModel  # before any model is defined

    ResponseModel.model_config["extra"] = "forbid"

from support.broker import find_broker, purge  # noqa: E402
from support.databases import find_postgres  # noqa: E402
from support.settings import settings_for  # noqa: E402

DEMO_DISTRICTS = ROOT / "config" / "districts"
# The tiers that run Docker deployments (compose_support, rabbit_cluster): one at a time (see below).
DOCKER_TIERS = {"tests/deploy/test_compose_e2e.py", "tests/backbone/test_broker_cluster.py"}
DOCKER_TIER_LOCK = Path(os.environ.get("TMPDIR", "/tmp")) / "minqing-docker-tier.lock"


@pytest.fixture(scope="module", autouse=True)
def _one_deployment_at_a_time(request):
    """``make test TEST_WORKERS=3`` runs the suite in processes (pytest-xdist, ``--dist loadfile``: a test file
    stays in one process, so its module fixtures, a stack, a browser, a vhost, are made once). A Docker tier
    holds this lock for its whole module, so two deployments never load the two cores at once: the second
    waits. (Not ``--dist loadgroup``: with pytest 9.2 its groups are silently ignored, pytest-xdist#1386.)"""
    if Path(request.path).relative_to(ROOT).as_posix() not in DOCKER_TIERS:
        yield
        return
    with open(DOCKER_TIER_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def _broker(tmp_path_factory):
    provider, stop = find_broker(tmp_path_factory.mktemp("broker"))
    yield provider
    stop()


@pytest.fixture(scope="module")
def amqp_url(_broker):
    """A vhost of its own for each test module."""
    url = _broker.new_vhost()
    yield url
    _broker.drop_vhost(url)


@pytest.fixture
def broker_url(amqp_url):
    """The module's vhost with the standard queues emptied of anything an earlier test left."""
    purge(amqp_url)
    return amqp_url


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    server, stop = find_postgres(tmp_path_factory.mktemp("postgres"))
    yield server
    server.drop_all()
    stop()


@pytest.fixture(scope="session")
def _templates(postgres):
    """One migrated template database per service; each test gets a fast copy."""
    from sqlalchemy.engine import make_url

    from minqing_kit.migrations import upgrade

    made: dict[str, str] = {}

    def template_for(definition) -> str:
        if definition.name not in made:
            url = postgres.create(f"tpl_{definition.name}")
            upgrade(definition.migrations, url)
            made[definition.name] = make_url(url).database
        return made[definition.name]

    return template_for


@pytest.fixture
def make_database(postgres, _templates):
    """``make_database(definition)`` → URL of a fresh, migrated PostgreSQL database for that service."""
    urls = []

    def make(definition) -> str:
        url = postgres.copy(definition.name, _templates(definition))
        urls.append(url)
        return url

    yield make
    for url in urls:
        postgres.drop_later(url)


@pytest.fixture
def make_settings(broker_url, make_database):
    """``make_settings(definition, **overrides)`` → the service's settings on a fresh database and the
    test's vhost (``support.settings.settings_for``: the fixture districts unless DISTRICTS_DIR is given)."""

    def make(definition, **overrides):
        return settings_for(definition, make_database(definition), broker_url, **overrides)

    return make


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
