"""POST /api/v1/auth/login: a signed handler token; GET /api/v1/auth/lockouts and
POST /api/v1/auth/lockouts/<person_id>/lift: supervisors see and lift sign-in lockouts."""
from __future__ import annotations

from flask import Blueprint, request

from .. import accounts
from .fields import body, principal, runtime, signed_in, text

blueprint = Blueprint("auth", __name__, url_prefix="/api/v1/auth")


@blueprint.post("/login")
def login():
    data = body()
    return accounts.login(runtime(), text(data, "district", max_length=32), text(data, "person_id", max_length=40),
                          text(data, "password", max_length=200), request.remote_addr or "unknown")


@blueprint.get("/lockouts")
@signed_in
def lockouts():
    return {"lockouts": accounts.lockouts(runtime(), principal())}


@blueprint.post("/lockouts/<person_id>/lift")
@signed_in
def lift(person_id: str):
    return accounts.lift_lockout(runtime(), principal(), person_id)
