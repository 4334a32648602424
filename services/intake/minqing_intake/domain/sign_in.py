"""我的诉求 (my requests): the rules of a one-time SMS code. A code is six digits, good for five minutes
and a few wrong tries; only its keyed hash is kept, so a copy of the database reveals no code."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5  # wrong codes before the request is spent
CODE_DIGITS = 6


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(server_key: str, request_id: str, code: str) -> str:
    """Keyed by the server and bound to the request: a code of one request is no code of another."""
    return hmac.new(server_key.encode(), f"sign-in:{request_id}:{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CodeState:
    code_hash: str
    expires_at: datetime
    attempts: int
    used: bool


def refusal(state: CodeState | None, given_hash: str, now: datetime) -> str | None:
    """Why the code does not sign in (None: it does): unknown, used, expired, too_many_attempts, wrong."""
    if state is None:
        return "unknown"
    if state.used:
        return "used"
    if now >= state.expires_at:
        return "expired"
    if state.attempts >= MAX_ATTEMPTS:
        return "too_many_attempts"
    if not hmac.compare_digest(state.code_hash, given_hash):
        return "wrong"
    return None
