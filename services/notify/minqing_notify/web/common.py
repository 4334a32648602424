"""What the blueprints share: the runtime, the token check, query-string parsing."""

from __future__ import annotations

from flask import current_app, g, request

from minqing_kit.auth import authenticated
from minqing_kit.tokens import Principal


def runtime():
    return current_app.extensions["runtime"]


def signed_in(view):
    """Any valid handler token (TOKEN_PUBLIC_KEYS); the person is in ``principal()``."""
    return authenticated(lambda: current_app.extensions["verifier"])(view)


def principal() -> Principal:
    return g.principal


def bool_arg(name: str) -> bool:
    return request.args.get(name, "").lower() in ("1", "true", "yes")
