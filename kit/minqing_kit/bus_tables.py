"""Tables every service has next to its own: outbox, inbox and consumer failures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from .timestamps import Timestamp

if TYPE_CHECKING:
    from alembic.operations import Operations

_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER PRIMARY KEY only


def outbox_columns() -> list[Column[Any]]:
    return [
        Column("id", _ID, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(80), nullable=False),
        Column("routing_key", String(120), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", Timestamp(), nullable=False),
        Column("published_at", Timestamp()),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("next_attempt_at", Timestamp(), nullable=False),
        Column("last_error", Text),
    ]


def inbox_columns() -> list[Column[Any]]:
    return [
        Column("consumer", String(80), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(80), nullable=False),
        Column("processed_at", Timestamp(), nullable=False),
    ]


def failure_columns() -> list[Column[Any]]:
    return [
        Column("consumer", String(80), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(80)),
        Column("attempts", Integer, nullable=False),
        Column("last_error", Text, nullable=False),
        Column("failed_at", Timestamp(), nullable=False),
        Column("parked", Integer, nullable=False, server_default="0"),
    ]


class BusTables:
    """The three tables, bound to a service's MetaData."""

    def __init__(self, metadata: MetaData):
        self.outbox = Table("outbox", metadata, *outbox_columns())
        Index(
            "ix_outbox_unsent",
            self.outbox.c.next_attempt_at,
            self.outbox.c.id,
            postgresql_where=self.outbox.c.published_at.is_(None),
            sqlite_where=self.outbox.c.published_at.is_(None),
        )
        Index(
            "ix_outbox_published",
            self.outbox.c.published_at,
            postgresql_where=self.outbox.c.published_at.is_not(None),
            sqlite_where=self.outbox.c.published_at.is_not(None),
        )
        self.inbox = Table("inbox", metadata, *inbox_columns())
        Index("ix_inbox_processed", self.inbox.c.processed_at)
        self.failures = Table(
            "consumer_failures",
            metadata,
            *failure_columns(),
            UniqueConstraint("consumer", "event_id", name="uq_failure"),
        )


def create_bus_tables(op: Operations) -> None:
    """For a service's first Alembic migration: ``create_bus_tables(op)``."""
    from sqlalchemy import column

    op.create_table("outbox", *outbox_columns())
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["next_attempt_at", "id"],
        postgresql_where=column("published_at").is_(None),
        sqlite_where=column("published_at").is_(None),
    )
    op.create_table("inbox", *inbox_columns())
    op.create_table(
        "consumer_failures", *failure_columns(), UniqueConstraint("consumer", "event_id", name="uq_failure")
    )


def create_pruning_indexes(op: Operations) -> None:
    """The indexes pruning reads (``minqing_kit.pruning``), for a migration after ``create_bus_tables``'s
    (each service's ``*_pruning_indexes``). On a large live outbox, create them by hand first with
    ``CREATE INDEX CONCURRENTLY`` (same names): ``if_not_exists`` then leaves them be."""
    from sqlalchemy import column

    op.create_index(
        "ix_outbox_published",
        "outbox",
        ["published_at"],
        postgresql_where=column("published_at").is_not(None),
        sqlite_where=column("published_at").is_not(None),
        if_not_exists=True,
    )
    op.create_index("ix_inbox_processed", "inbox", ["processed_at"], if_not_exists=True)


def drop_pruning_indexes(op: Operations) -> None:
    op.drop_index("ix_inbox_processed", "inbox")
    op.drop_index("ix_outbox_published", "outbox")
