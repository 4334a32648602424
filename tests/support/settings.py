"""A service's settings as every test gets them (``make_settings`` in tests/conftest.py, and the fixtures
that outlive one test, such as intake's one gunicorn for the Open311 modules): development, the fixture
districts, quick relays and consumers, cheap password hashes."""

from __future__ import annotations

from pathlib import Path

FIXTURE_DISTRICTS = Path(__file__).resolve().parents[1] / "fixtures" / "districts"
TEST_SECRETS = {"INTAKE_SECRET_KEY": "test-intake-secret-key-0123", "PAGES_SECRET_KEY": "test-pages-secret-key-0123"}


def settings_for(definition, database_url: str, amqp_url: str, **overrides):
    """The service's settings on that database and vhost, with the fixture districts unless DISTRICTS_DIR is
    given. Secrets a test does not give keep their development defaults (routing without a signing key, notify
    without the contact key); intake's and evaluation's keys are test values, so no development-default warnings."""
    environ = {
        "MINQING_ENV": "development",
        "DATABASE_URL": database_url,
        "AMQP_URL": amqp_url,
        "DISTRICTS_DIR": str(FIXTURE_DISTRICTS),
        "RELAY_IDLE_SECONDS": "0.02",
        "CONSUMER_WAIT_SECONDS": "0.1",  # a stopped consumer leaves within 0.1 s, not 1 s
        "PASSWORD_HASH_COST": "4",  # routing's scrypt n = 16, not 2**14: tests sign in hundreds of times
        **TEST_SECRETS,
    }
    environ.update({k: str(v) for k, v in overrides.items()})
    return definition.settings(environ)
