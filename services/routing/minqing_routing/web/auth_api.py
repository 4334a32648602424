"""POST /api/v1/auth/login: a signed handler token."""
from __future__ import annotations

from flask import Blueprint

from .. import accounts
from .fields import body, runtime, text

blueprint = Blueprint("auth", __name__, url_prefix="/api/v1/auth")


@blueprint.post("/login")
def login():
    data = body()
    return accounts.login(runtime(), text(data, "district", max_length=32), text(data, "person_id", max_length=40),
                          text(data, "password", max_length=200))
