"""Registered Open311 clients: each has an api_key, stored only as a hash."""
from __future__ import annotations

import argparse
import hashlib
import secrets
import uuid
from datetime import datetime, timezone

from sqlalchemy import insert, select

from ..adapters.tables import open311_clients
from ..bootstrap import bootstrap


def _hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def add_client(db, name: str) -> tuple[str, str]:
    """(client id, api_key); the key is shown once."""
    client_id, api_key = str(uuid.uuid4()), secrets.token_urlsafe(24)
    with db.transaction() as session:
        session.execute(insert(open311_clients).values(id=client_id, name=name, key_hash=_hash(api_key),
                                                       created_at=datetime.now(timezone.utc)))
    return client_id, api_key


def client_for(db, api_key: str | None) -> str | None:
    """The client id for a valid, unrevoked key, else None."""
    if not api_key:
        return None
    with db.engine.connect() as connection:
        return connection.execute(select(open311_clients.c.id).where(
            open311_clients.c.key_hash == _hash(api_key), open311_clients.c.revoked.is_(False))).scalar()


def add_client_command(definition, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="minqing-intake add-open311-client",
                                     description="register an Open311 client and print its api_key once")
    parser.add_argument("name", help="who the client is, e.g. 'city app'")
    args = parser.parse_args(argv)
    runtime = bootstrap(definition.settings())
    client_id, api_key = add_client(runtime.db, args.name)
    print(f"client {client_id} ({args.name})\napi_key {api_key}")
    return 0
