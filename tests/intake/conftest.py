"""Intake test fixtures: settings on a fresh PostgreSQL database with the demo districts, signed staff tokens."""

from __future__ import annotations

from argparse import Namespace

import pytest

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION, load_households
from minqing_intake.web import create_app
from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.tokens import Principal, TokenSigner, generate_keypair
from support.settings import settings_for

from .helpers import DEMO_DISTRICTS, DEMO_HOUSEHOLDS
from .open311_support import filled_tables, gunicorn_serving


@pytest.fixture(scope="session")
def keys():
    private, public = generate_keypair()
    notify_private, notify_public = generate_contact_keypair()
    return {
        "signer": TokenSigner("k1", private),
        "token_keys": f"k1={public}",
        "notify_private": notify_private,
        "notify_public": notify_public,
    }


@pytest.fixture(scope="package")
def open311_gunicorn(postgres, _templates, _broker, keys, tmp_path_factory):
    """One intake under gunicorn for every Open311 module, on a database and a vhost of its own, with the
    demo districts; a test takes it through ``open311_support.server``, which empties the database first."""
    database_url = postgres.copy(DEFINITION.name, _templates(DEFINITION))
    assert filled_tables(database_url) == []  # emptying every table gives back the migrated template
    amqp_url = _broker.new_vhost()
    settings = settings_for(
        DEFINITION,
        database_url,
        amqp_url,
        DISTRICTS_DIR=DEMO_DISTRICTS,
        RATE_LIMIT_ADDRESS="0",
        OPEN311_DEFAULT_JURISDICTION="xinlin",
        NOTIFY_PUBLIC_KEY=keys["notify_public"],
    )
    log = tmp_path_factory.mktemp("open311") / "gunicorn.log"
    try:
        with gunicorn_serving(settings, log) as base:
            yield {"base": base, "database_url": database_url, "log": log}
    finally:
        _broker.drop_vhost(amqp_url)
        postgres.drop_later(database_url)


@pytest.fixture
def settings(make_settings, keys):
    return make_settings(
        DEFINITION,
        DISTRICTS_DIR=DEMO_DISTRICTS,
        TOKEN_PUBLIC_KEYS=keys["token_keys"],
        NOTIFY_PUBLIC_KEY=keys["notify_public"],
        RATE_LIMIT_ADDRESS="1000/1m",
        INTAKE_SECRET_KEY="test-secret-key-0123456789",
    )


@pytest.fixture
def runtime(settings):
    rt = bootstrap(settings)
    yield rt
    rt.db.dispose()


@pytest.fixture
def client(runtime):
    return create_app(runtime=runtime).test_client()


@pytest.fixture
def token(keys):
    """``token(person_id, roles, district='xinlin', unit='xl-xf', name='吴秀兰')`` → Authorization header."""

    def make(person_id="xl-op-1", roles=("hotline_operator",), district="xinlin", unit="xinlin", name="王芳"):
        principal = Principal(person_id=person_id, name=name, district=district, unit_id=unit, roles=tuple(roles))
        return {"Authorization": f"Bearer {keys['signer'].issue(principal)}"}

    return make


@pytest.fixture
def households_loaded(settings, runtime):
    """The runtime with Xinlin's demo household file (config/households/xinlin.csv) loaded."""
    assert load_households(settings, Namespace(district="xinlin", file=str(DEMO_HOUSEHOLDS))) == 0
    return runtime
