"""Throwaway PostgreSQL databases for the benchmarks: created and migrated, then dropped."""

from __future__ import annotations

import uuid

import psycopg

from minqing_kit.migrations import upgrade

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def fresh_database(prefix: str, migrations) -> str:
    """A new database named ``<prefix>_<random>``, migrated with the service's migrations (None: left empty,
    for a bench that creates its own tables); its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    if migrations is not None:
        upgrade(migrations, url)
    return url


def drop(url: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
