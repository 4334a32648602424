"""Staff sign in to evaluation's pages with routing's accounts: the person's id and password go to routing's
``POST /api/v1/auth/login`` (routing keeps the credentials and the sign-in limits; evaluation stores no
password), and the token it signs is verified here with the same public keys as every bearer token.

The client's address goes along as ``X-Forwarded-For``, so that routing's per-address limit counts the
person at the browser, not evaluation (routing reads it where ``TRUSTED_PROXY_HOPS`` says to trust it)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from minqing_kit.errors import ApiError, FieldError
from minqing_kit.tokens import Principal

from .bootstrap import Runtime

REFUSALS = (401, 422, 429)  # routing's answers the sign-in page shows (wrong password, bad field, locked out)


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_in: int
    principal: Principal


def unavailable() -> ApiError:
    return ApiError(
        503, "sign_in_unavailable", "the sign-in service did not answer; try again", "登录服务暂不可用,请稍后再试"
    )


def sign_in(runtime: Runtime, district: str, person_id: str, password: str, address: str) -> SignedIn:
    settings = runtime.settings
    request = urllib.request.Request(
        settings.routing_base_url() + "/api/v1/auth/login",
        method="POST",
        data=json.dumps({"district": district, "person_id": person_id, "password": password}).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", "X-Forwarded-For": address},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SIGN_IN_TIMEOUT_SECONDS) as answer:  # noqa: S310
            found = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        if error.code in REFUSALS:
            raise _refusal(error) from None
        raise unavailable() from None
    except (OSError, ValueError):
        raise unavailable() from None
    if not isinstance(found, dict) or not isinstance(found.get("token"), str):
        raise unavailable()
    principal = runtime.verifier.verify(found["token"])  # signed by a key this service trusts
    return SignedIn(found["token"], int(found.get("expires_in") or 3600), principal)


def _refusal(error: urllib.error.HTTPError) -> ApiError:
    """Routing's refusal with its own code and reasons (English and Chinese) and its Retry-After."""
    try:
        body = json.loads(error.read()).get("error") or {}
    except (OSError, ValueError, AttributeError):
        body = {}
    body = body if isinstance(body, dict) else {}
    retry = error.headers.get("Retry-After") if error.headers else None
    return ApiError(
        error.code,
        str(body.get("code") or "sign_in_refused"),
        str(body.get("message") or "sign-in refused"),
        str(body.get("message_zh") or "登录失败"),
        [FieldError(f["field"], f["reason"], f["reason_zh"]) for f in body.get("fields") or []],
        headers={"Retry-After": retry} if retry else {},
    )
