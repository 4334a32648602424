"""cases, ticket counters, outbox, inbox, consumer failures

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.bus_tables import create_bus_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_bus_tables(op)
    op.create_table(
        "cases",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False, index=True),
        sa.Column("ticket", sa.String(40), nullable=False, unique=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("unit_name", sa.String(120)),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("ticket_counters", "cases", "consumer_failures", "inbox", "outbox"):
        op.drop_table(table)
