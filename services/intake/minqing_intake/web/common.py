"""What the blueprints share: the runtime, the signed-in staff member, the per-address rate limit."""
from __future__ import annotations

from flask import current_app, request
from minqing_kit.auth import bearer_token
from minqing_kit.errors import ApiError

from ..adapters import ratelimit
from ..bootstrap import Runtime
from ..domain.channels import Staff
from ..receipts import keyed_hash
from ..submit import too_many


def runtime() -> Runtime:
    return current_app.extensions["runtime"]


def has_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ") or "minqing_token" in request.cookies


def signed_in_staff() -> Staff | None:
    """The verified person behind the request's token, None without a token; a bad token is a 401."""
    if not has_token():
        return None
    principal = runtime().verifier.verify(bearer_token())
    return Staff(person_id=principal.person_id, name=principal.name, district=principal.district,
                 unit_id=principal.unit_id, roles=principal.roles)


def required_staff() -> Staff:
    staff = signed_in_staff()
    if staff is None:
        bearer_token()  # raises the standard 401
    return staff


def limit_client_address() -> None:
    """Per client address, shared by every process through the database; staff with a valid token are exempt."""
    rt = runtime()
    rate = rt.settings.rate("RATE_LIMIT_ADDRESS")
    if rate is None or request.method == "OPTIONS" or request.remote_addr in rt.settings.rate_limit_exempt:
        return
    if has_token():
        try:
            signed_in_staff()
            return
        except ApiError:
            pass
    bucket = "addr:" + keyed_hash(rt.settings.INTAKE_SECRET_KEY, "addr", request.remote_addr or "unknown")
    with rt.db.transaction() as session:
        wait = ratelimit.hit(session, bucket, *rate)
    if wait is not None:
        raise too_many(wait)
