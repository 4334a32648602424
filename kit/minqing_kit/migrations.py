"""Alembic, run from code: each service keeps its migrations inside its package."""

from __future__ import annotations

import zlib

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text

from .db import Database


def alembic_config(script_location: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", script_location)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(script_location: str, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(script_location, url), revision)


def run_alembic_env(metadata: MetaData) -> None:
    """Body of every service's ``env.py``: online migrations, serialised by an advisory lock on PostgreSQL."""
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("the Alembic configuration has no sqlalchemy.url")
    db = Database(url)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    with db.engine.connect() as connection:
        if db.dialect == "postgresql":
            key = zlib.crc32(f"minqing-migrate:{connection.engine.url.database}".encode())
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            connection.commit()
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=db.dialect == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        if db.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            connection.commit()
    db.dispose()
