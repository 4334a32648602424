"""The per-client-address rate limit, run before the JSON API's and the residents' submit views."""

from __future__ import annotations

from flask import request

from minqing_kit.errors import ApiError

from .adapters import ratelimit
from .current import has_token, runtime, signed_in_staff
from .receipts import keyed_hash
from .submit import too_many


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
    key = rt.settings.INTAKE_SECRET_KEY.get_secret_value()
    bucket = "addr:" + keyed_hash(key, "addr", request.remote_addr or "unknown")
    with rt.db.transaction() as session:
        wait = ratelimit.hit(session, bucket, *rate)
    if wait is not None:
        raise too_many(wait)
