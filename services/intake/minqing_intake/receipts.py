"""Tracking secrets and keyed hashes: what lets a reporter see the full record, stored only as a hash.

A plain submission gets a random secret. A submission with an ``Idempotency-Key`` gets a secret
derived from the case, the key and the server's INTAKE_SECRET_KEY, so that a retry returns the same
receipt without the secret ever being stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


def new_tracking_secret(server_key: str, case_id: str, idempotency: str | None) -> str:
    if idempotency is None:
        return secrets.token_urlsafe(18)
    digest = hmac.new(server_key.encode(), f"tracking:{case_id}:{idempotency}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str | None, stored_hash: str) -> bool:
    return bool(secret) and bool(stored_hash) and hmac.compare_digest(hash_secret(secret), stored_hash)


def keyed_hash(server_key: str, purpose: str, value: str) -> str:
    """Pseudonymous bucket names (client addresses, phone numbers) that reveal neither."""
    return hmac.new(server_key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
