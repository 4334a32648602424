"""Every event payload, by versioned type. Each producer owns one module."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import evaluation, intake, notify, routing
from .base import Actor, Payload

_MODULES = (intake, routing, evaluation, notify)


def _collect() -> dict[str, type[Payload]]:
    found: dict[str, type[Payload]] = {}
    for module in _MODULES:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Payload)
                and value is not Payload
                and value.__module__ == module.__name__
            ):
                if value.EVENT_TYPE in found:
                    raise RuntimeError(f"event type {value.EVENT_TYPE} defined twice")
                found[value.EVENT_TYPE] = value
    return found


PAYLOADS: dict[str, type[Payload]] = _collect()


class UnknownEventType(LookupError):
    pass


def parse_payload(event_type: str, data: dict[str, Any]) -> BaseModel:
    """Validate a payload against its versioned model (unknown fields are ignored)."""
    try:
        model = PAYLOADS[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None
    return model.model_validate(data)


__all__ = ["PAYLOADS", "Payload", "Actor", "parse_payload", "UnknownEventType"]
