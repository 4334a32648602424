"""Reading request bodies and query strings into checked values, with per-field errors."""
from __future__ import annotations

from datetime import datetime

from flask import g, request
from minqing_kit.auth import authenticated
from minqing_kit.errors import FieldError, invalid
from minqing_kit.requests import json_object

from ..current import runtime


def signed_in(view):
    """Every handler endpoint: verify the bearer token, put the Principal in ``g.principal``."""
    return authenticated(lambda: runtime().verifier)(view)


def principal():
    return g.principal


def body() -> dict:
    """The JSON object body; an action without one (accept) sends nothing."""
    return json_object(required=False)


def text(data: dict, name: str, required: bool = True, max_length: int = 4000) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise invalid([FieldError(name, "required", "必填")])
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise invalid([FieldError(name, f"must be text of at most {max_length} characters",
                                  f"须为不超过{max_length}字的文本")])
    return value.strip()


def choice(data: dict, name: str, options: tuple[str, ...], default: str | None = None) -> str:
    value = data.get(name, default)
    if value not in options:
        raise invalid([FieldError(name, f"must be one of {list(options)}", f"须为{'、'.join(options)}之一")])
    return value


def unit_tasks(data: dict, name: str = "co_handlers") -> list[tuple[str, str]]:
    items = [] if data.get(name) is None else data[name]
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("unit_id"), str)
                                              and isinstance(i.get("task"), str) and i["task"].strip()
                                              for i in items):
        raise invalid([FieldError(name, "a list of {unit_id, task}", "须为{unit_id, task}的列表")])
    return [(i["unit_id"], i["task"].strip()) for i in items]


def boolean(data: dict, name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise invalid([FieldError(name, "true or false", "须为true或false")])
    return value


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
