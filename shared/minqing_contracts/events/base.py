"""Base class of every event payload."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    """A versioned event payload.

    ``EVENT_TYPE`` names the type and version (``case.received.v1``); ``EXAMPLE`` is the sample
    committed next to the exported schema. Unknown fields are ignored, so adding an optional field
    keeps the version; removing, renaming, retyping or making a field required needs a new version.
    """

    model_config = ConfigDict(extra="ignore")

    EVENT_TYPE: ClassVar[str]
    PRODUCER: ClassVar[str]
    EXAMPLE: ClassVar[dict[str, Any]]


class Actor(BaseModel):
    """Who did something: a person (with role and unit) or the system."""

    model_config = ConfigDict(extra="ignore")

    kind: str = "person"  # person | system | resident
    id: str | None = None
    name: str | None = None
    role: str | None = None
    unit_id: str | None = None


SYSTEM = Actor(kind="system", id="system", name="系统")
