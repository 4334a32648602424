"""Settings from the environment, checked at start with a clear message per bad or missing value.

Every variable a service reads is a field of its settings model (``<Svc>Settings(ServiceSettings)``),
loaded here and nowhere else. Secrets are ``SecretStr`` fields; the ones a service cannot run
without are listed in its ``REQUIRED_SECRETS``: outside development (``MINQING_ENV``) a missing one
stops the process naming the variable, in development it takes the listed default with a warning. A
renamed variable keeps its former name in ``FORMER_NAMES``, read where the new name is not set, so that
a deployment setting the old one still runs.
``shown()`` is the one view of settings for people (``check-settings``): secrets and the passwords in
URLs hidden.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails

from .brokers import broker_urls

T = TypeVar("T", bound="ServiceSettings")
DEVELOPMENT = "development"
URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@", re.IGNORECASE)


class SettingsError(SystemExit):
    """Raised at start when the environment does not describe a runnable service."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("bad settings:\n" + "\n".join(f"  - {p}" for p in problems))


def hide_url_password(text: str) -> str:
    """``amqp://user:pw@host/`` → ``amqp://user:***@host/``; other text unchanged."""
    return URL_PASSWORD.sub(r"\g<head>:***@", text)


class ServiceSettings(BaseModel):
    """Common settings; a service subclasses this to add its own. Field NAME ↔ variable NAME.

    DATABASE_URL and AMQP_URL stay plain strings (they are addresses, shown by check-settings); the
    password inside them is a secret and is hidden wherever settings are shown."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    # secret variable -> its development default ("": stays empty in development)
    REQUIRED_SECRETS: ClassVar[dict[str, str]] = {}
    # a renamed variable's former name -> the variables it is still read as, where those are not set
    FORMER_NAMES: ClassVar[dict[str, tuple[str, ...]]] = {}

    MINQING_ENV: str = Field(
        default="production",
        pattern=r"^(development|staging|production)$",
        description="development: a missing secret takes a development default (with a "
        "warning); anywhere else it stops the process",
    )
    DATABASE_URL: str = Field(description="SQLAlchemy URL; PostgreSQL in production, SQLite by default")
    READ_DATABASE_URL: str = Field(
        default="",
        description="a streaming replica of DATABASE_URL that report, dashboard and public-list queries "
        "read (a moment behind the primary); empty: they read the primary",
    )
    READ_MAX_LAG_SECONDS: float = Field(
        default=30,
        gt=0,
        le=3600,
        description="beyond this replication lag (or while the replica does not answer) READ_DATABASE_URL's "
        "reads go to the primary, until the replica is back within it",
    )
    READ_LAG_CHECK_SECONDS: float = Field(
        default=5, gt=0, le=300, description="how often each process measures the read replica's lag"
    )
    AMQP_URL: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672//",
        description="the broker: one node's URL, or every node of a RabbitMQ cluster separated by ';' "
        "(clients fail over from node to node)",
    )
    DISTRICTS_DIR: str = "config/districts"
    CONSUMER_GROUP: str = Field(default="events", pattern=r"^[a-z0-9_-]+$")
    CONSUMER_DISTRICTS: str = Field(default="*", description="'*' or comma-separated district codes")
    CONSUMER_PREFETCH: int = Field(default=50, ge=1, le=1000)
    CONSUMER_BATCH: int = Field(default=50, ge=1, le=1000, description="waiting events handled per transaction")
    MAX_DELIVERIES: int = Field(default=5, ge=1, le=50, description="attempts before a message is parked")
    CONSUMER_WAIT_SECONDS: float = Field(
        default=1.0,
        gt=0,
        le=10,
        description="an idle consumer's longest wait for a message before it checks whether it should stop",
    )
    NOT_READY_PARK_AFTER_SECONDS: float = Field(
        default=900,
        gt=0,
        le=86400,
        description="an event that came before what it depends on is retried "
        "with growing delays, and parked after this long",
    )
    RELAY_BATCH_SIZE: int = Field(default=200, ge=1, le=5000)
    RELAY_CONFIRM_TIMEOUT: float = Field(default=10.0, gt=0, le=120)
    RELAY_IDLE_SECONDS: float = Field(
        default=0.2,
        gt=0,
        le=10,
        description="a busy relay claims at most once per this long, so the rows of that time go, and are "
        "consumed downstream, as one batch (a row after a quiet spell goes at once); a row waits at most this "
        "long more per hop. 0.2 s: bench/README.md, relay pacing",
    )
    HEARTBEAT_SECONDS: int = Field(default=15, ge=10, le=20)
    LOG_LEVEL: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    MAX_BODY_BYTES: int = Field(default=1_048_576, ge=1024)
    TOKEN_PUBLIC_KEYS: str = Field(default="", description="kid=base64 Ed25519 public keys, comma-separated")
    TRUSTED_PROXY_HOPS: int = Field(
        default=0,
        ge=0,
        le=5,
        description="reverse proxies in front of the web process whose X-Forwarded-For gives the client address",
    )
    PUBLIC_BASE_URL: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/]+(/\S*)?$",
        description="the residents' one address (the public gateway): the base of every "
        "link in messages and of links between the services' resident pages",
    )
    PROMETHEUS_MULTIPROC_DIR: str = Field(
        default="", description="web workers' shared metrics directory (prometheus_client reads it too)"
    )
    METRICS_PORT: int = Field(
        default=0, ge=0, le=65535, description="a consumer's, relay's or scheduler's own /metrics port (0: none)"
    )

    OUTBOX_RETENTION_HOURS: float = Field(
        default=72, ge=1, le=8760, description="published outbox rows older than this are pruned (unsent ones never)"
    )
    INBOX_RETENTION_DAYS: float = Field(
        default=14,
        ge=2,
        le=3650,
        description="consumed event ids older than this are pruned: it must outlive every redelivery, and a "
        "parked message is replayed only within it",
    )
    PRUNE_BATCH_ROWS: int = Field(default=5000, ge=100, le=50000, description="rows one pruning statement deletes")
    PRUNE_INTERVAL_SECONDS: float = Field(
        default=900, ge=0, le=86400, description="how often a relay prunes the bus tables (0: only `prune` does)"
    )

    CONSUMER_EXCLUDE_DISTRICTS: str = Field(
        default="", description="with CONSUMER_DISTRICTS='*': districts served by a dedicated consumer group"
    )

    @field_validator("AMQP_URL")
    @classmethod
    def _every_node_a_url(cls, value: str) -> str:
        if any("://" not in url for url in broker_urls(value)):
            raise ValueError("each ';'-separated part must be a node's URL, e.g. amqp://user:password@host:5672/%2F")
        return value

    def public_url(self, path: str) -> str:
        """``PUBLIC_BASE_URL`` + ``path`` (a path starting with /)."""
        return self.PUBLIC_BASE_URL.rstrip("/") + path

    @property
    def consumer_districts(self) -> tuple[str, ...]:
        return tuple(d.strip() for d in self.CONSUMER_DISTRICTS.split(",") if d.strip()) or ("*",)

    def serving_districts(self, known: list[str]) -> tuple[str, ...]:
        """The districts this consumer group binds: '*', a list, or every known one but the excluded."""
        excluded = {d.strip() for d in self.CONSUMER_EXCLUDE_DISTRICTS.split(",") if d.strip()}
        if not excluded:
            return self.consumer_districts
        base = known if self.consumer_districts == ("*",) else self.consumer_districts
        return tuple(d for d in base if d not in excluded)

    def shown(self) -> dict[str, Any]:
        """Every setting for people to read: secrets as "(set)"/"(not set)", URLs without passwords."""
        return {name: _shown(getattr(self, name)) for name in type(self).model_fields}

    def secret_warnings(self) -> list[str]:
        """The required secrets running on their development default (only possible in development)."""
        return [
            f"{name} is not set: a development default is in use (MINQING_ENV=development only)"
            for name, default in self.REQUIRED_SECRETS.items()
            if default and getattr(self, name).get_secret_value() == default
        ]


def _shown(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return "(set)" if value.get_secret_value() else "(not set)"
    return hide_url_password(value) if isinstance(value, str) else value


def _missing_secrets(model: type[ServiceSettings], values: dict[str, Any]) -> list[str]:
    """Fill development defaults into ``values``; outside development, one problem per missing secret."""
    environment = values.get("MINQING_ENV", model.model_fields["MINQING_ENV"].default)
    problems = []
    for name, default in model.REQUIRED_SECRETS.items():
        if values.get(name):
            continue
        if environment == DEVELOPMENT:
            values[name] = default
        else:
            fallback = "a development default" if default else "running without it"
            problems.append(
                f"{name}=(missing): a secret this service needs (MINQING_ENV={environment}); "
                f"set it, or MINQING_ENV=development for {fallback}"
            )
    return problems


def load_settings(model: type[T], environ: Mapping[str, str] | None = None, **defaults: str) -> T:
    """Build ``model`` from the environment; raise SettingsError naming each bad variable."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = dict(defaults)
    values.update({name: environ[name] for name in model.model_fields if name in environ})
    formerly = _read_former_names(model, environ, values)
    problems = _missing_secrets(model, values)
    settings: T | None = None
    try:
        settings = model.model_validate(values)
    except ValidationError as exc:
        problems += [_problem(model, values, error, formerly) for error in exc.errors()]
    if problems or settings is None:
        raise SettingsError(problems)
    return settings


def _read_former_names(
    model: type[ServiceSettings], environ: Mapping[str, str], values: dict[str, Any]
) -> dict[str, str]:
    """A renamed variable set under its former name (``FORMER_NAMES``) is read as each new name the
    environment does not set; returns {new name: the former name it was read from}."""
    formerly = {}
    for former, names in model.FORMER_NAMES.items():
        for name in names:
            if former in environ and name not in environ:
                values[name], formerly[name] = environ[former], former
    return formerly


def _problem(
    model: type[ServiceSettings], values: dict[str, Any], error: ErrorDetails, formerly: Mapping[str, str]
) -> str:
    name = ".".join(str(p) for p in error["loc"])
    field = model.model_fields.get(name)
    if name not in values:
        shown = "(missing)"
    elif field is not None and field.annotation is SecretStr:
        shown = "(hidden)"
    else:
        shown = repr(hide_url_password(str(values[name])))
    if name in formerly:
        shown += f" (set as {formerly[name]})"
    return f"{name}={shown}: {error['msg']}"
