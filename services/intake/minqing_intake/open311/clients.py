"""Registered Open311 clients: each has an api_key, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy import insert, select

from ..adapters.tables import open311_clients


def _hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def add_client(db, name: str) -> tuple[str, str]:
    """(client id, api_key); the key is shown once."""
    client_id, api_key = str(uuid.uuid4()), secrets.token_urlsafe(24)
    with db.transaction() as session:
        session.execute(
            insert(open311_clients).values(
                id=client_id, name=name, key_hash=_hash(api_key), created_at=datetime.now(UTC)
            )
        )
    return client_id, api_key


def client_for(db, api_key: str | None) -> str | None:
    """The client id for a valid, unrevoked key, else None."""
    if not api_key:
        return None
    with db.engine.connect() as connection:
        return connection.execute(
            select(open311_clients.c.id).where(
                open311_clients.c.key_hash == _hash(api_key), open311_clients.c.revoked.is_(False)
            )
        ).scalar()
