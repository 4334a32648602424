"""POST /api/v1/auth/login: a signed handler token; GET /api/v1/auth/lockouts and
POST /api/v1/auth/lockouts/<person_id>/lift: supervisors see and lift sign-in lockouts."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import accounts
from . import bodies
from .answers import LockoutLifted, Lockouts, SignedIn
from .fields import principal, runtime, signed_in

blueprint = Blueprint("auth", __name__, url_prefix="/api/v1/auth")


@blueprint.post("/login")
def login():
    given = body(bodies.Login, required=False)
    address = request.remote_addr or "unknown"
    return answer(SignedIn, accounts.login(runtime(), given.district, given.person_id, given.password, address))


@blueprint.get("/lockouts")
@signed_in
def lockouts():
    return answer(Lockouts, {"lockouts": accounts.lockouts(runtime(), principal())})


@blueprint.post("/lockouts/<person_id>/lift")
@signed_in
def lift(person_id: str):
    return answer(LockoutLifted, accounts.lift_lockout(runtime(), principal(), person_id))
