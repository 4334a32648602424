"""The probes every service answers (``web``: ``/healthz``, ``/readyz``, ``/metrics``): their JSON bodies as
response models, listed in each service's ``ANSWERS`` through ``PROBE_ANSWERS``, and their part of each
service's document (``probe_paths``), so that the probes are described once, from what ``web`` answers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .apidocs import Schema
from .response_models import ResponseModel, returns


class Alive(ResponseModel):
    status: Literal["alive"]
    service: str


class ReadinessCheck(ResponseModel):
    ok: bool
    reason: str | None = Field(None, description="why not, when not ok")
    lag_seconds: float | None = Field(None, description="read_replica: its replay lag (null: not known)")
    max_lag_seconds: float | None = Field(None, description="read_replica: beyond it, reads go to the primary")
    reads: Literal["primary", "replica"] | None = Field(None, description="read_replica: where reads go now")


class Readiness(ResponseModel):
    status: Literal["ready", "not ready"]
    service: str
    checks: dict[str, ReadinessCheck] = Field(
        description="database, broker, read_replica (when configured; never what makes it not ready) and the "
        "service's own"
    )
    warnings: list[str] = Field(description="settings fit for development only, and the broker's")


PROBE_ANSWERS = (Alive, Readiness)


def probe_paths(readiness: str = "readiness: database and broker") -> dict[str, Schema]:
    """The probes' path items for a service's ``paths``; ``readiness``: /readyz's summary."""
    return {
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": returns(Alive, "alive")}}},
        "/readyz": {
            "get": {
                "summary": readiness,
                "responses": {"200": returns(Readiness, "ready"), "503": returns(Readiness, "not ready")},
            }
        },
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
    }
