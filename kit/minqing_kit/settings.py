"""Settings from the environment, checked at start with a clear message per bad or missing value."""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

T = TypeVar("T", bound="ServiceSettings")


class SettingsError(SystemExit):
    """Raised at start when the environment does not describe a runnable service."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("bad settings:\n" + "\n".join(f"  - {p}" for p in problems))


class ServiceSettings(BaseModel):
    """Common settings; a service subclasses this to add its own. Field NAME ↔ variable NAME."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    DATABASE_URL: str = Field(description="SQLAlchemy URL; PostgreSQL in production, SQLite by default")
    AMQP_URL: str = "amqp://guest:guest@127.0.0.1:5672//"
    DISTRICTS_DIR: str = "config/districts"
    CONSUMER_GROUP: str = Field(default="events", pattern=r"^[a-z0-9_-]+$")
    CONSUMER_DISTRICTS: str = Field(default="*", description="'*' or comma-separated district codes")
    CONSUMER_PREFETCH: int = Field(default=50, ge=1, le=1000)
    CONSUMER_BATCH: int = Field(default=50, ge=1, le=1000, description="waiting events handled per transaction")
    MAX_DELIVERIES: int = Field(default=5, ge=1, le=50, description="attempts before a message is parked")
    NOT_READY_PARK_AFTER_SECONDS: float = Field(
        default=900, gt=0, le=86400, description="an event that came before what it depends on is retried "
                                                 "with growing delays, and parked after this long")
    RELAY_BATCH_SIZE: int = Field(default=200, ge=1, le=5000)
    RELAY_CONFIRM_TIMEOUT: float = Field(default=10.0, gt=0, le=120)
    RELAY_IDLE_SECONDS: float = Field(default=0.05, gt=0, le=10)
    HEARTBEAT_SECONDS: int = Field(default=15, ge=10, le=20)
    LOG_LEVEL: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    MAX_BODY_BYTES: int = Field(default=1_048_576, ge=1024)
    TOKEN_PUBLIC_KEYS: str = Field(default="", description="kid=base64 Ed25519 public keys, comma-separated")

    CONSUMER_EXCLUDE_DISTRICTS: str = Field(
        default="", description="with CONSUMER_DISTRICTS='*': districts served by a dedicated consumer group")

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


def load_settings(model: type[T], environ: Mapping[str, str] | None = None, **defaults: str) -> T:
    """Build ``model`` from the environment; raise SettingsError naming each bad variable."""
    environ = os.environ if environ is None else environ
    values = dict(defaults)
    values.update({name: environ[name] for name in model.model_fields if name in environ})
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"])
            shown = "(missing)" if name not in values else repr(values[name])
            problems.append(f"{name}={shown}: {error['msg']}")
        raise SettingsError(problems) from None
