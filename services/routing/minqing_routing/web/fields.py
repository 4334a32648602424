"""The signed-in person, and flags and times from the query string, with per-field errors (bodies are
models: ``web/bodies.py``)."""

from __future__ import annotations

from datetime import datetime

from flask import g, request

from minqing_kit.auth import authenticated
from minqing_kit.errors import FieldError, invalid
from minqing_kit.response_models import answer

from .. import lookup
from ..command_context import Command
from ..current import runtime
from ..handling import perform
from .answers import ActionResult


def signed_in(view):
    """Every handler endpoint: verify the bearer token, put the Principal in ``g.principal``."""
    return authenticated(lambda: runtime().verifier)(view)


def principal():
    return g.principal


def act(case_id: str, command: Command):
    """Run a handler command on the case the URL names (its id or its ticket number): the case after it."""
    case = lookup.case_id(runtime(), principal().district, case_id)
    return answer(ActionResult, perform(runtime(), principal(), case, command))


def flag(name: str) -> bool | None:
    value = request.args.get(name)
    if value is None:
        return None
    if value not in ("true", "false", "1", "0"):
        raise invalid([FieldError(name, "true or false", "须为true或false")])
    return value in ("true", "1")


def timestamp(name: str) -> datetime | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise invalid([FieldError(name, "an ISO 8601 time with a zone", "须为带时区的ISO 8601时间")])
    return parsed
