"""channels, first contact, location, tracking view, idempotency, Open311 clients, rate windows

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NEW_CASE_COLUMNS = [
    sa.Column("confidence", sa.Float, nullable=False, server_default="0"),
    sa.Column("rule", sa.String(200)),
    sa.Column("address", sa.String(300)),
    sa.Column("grid_code", sa.String(40)),
    sa.Column("place_key", sa.String(300)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("first_contact", sa.Text, nullable=False, server_default="{}"),
    sa.Column("filed_for", sa.String(120)),
    sa.Column("attachments", sa.Text, nullable=False, server_default="[]"),
    sa.Column("contact_sealed", sa.Text),
    sa.Column("tracking_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("duplicate_of_ticket", sa.String(40)),
    sa.Column("unit_id", sa.String(64)),
    sa.Column("reply", sa.Text),
    sa.Column("status_at", sa.DateTime(timezone=True)),
    sa.Column("reply_at", sa.DateTime(timezone=True)),
    sa.Column("merged_into_ticket", sa.String(40)),
    sa.Column("satisfaction", sa.String(32)),
]


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for column in NEW_CASE_COLUMNS:
            batch.add_column(column)
    op.create_index("ix_cases_open_place", "cases", ["district", "place_key", "status"])
    op.create_table(
        "case_steps",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), nullable=False, index=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("unit_name", sa.String(120)),
        sa.Column("note", sa.Text),
        sa.Column("public", sa.Boolean, nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "open311_clients",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "rate_windows",
        sa.Column("bucket", sa.String(100), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("hits", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("rate_windows", "open311_clients", "idempotency_keys", "case_steps"):
        op.drop_table(table)
    op.drop_index("ix_cases_open_place", "cases")
    with op.batch_alter_table("cases") as batch:
        for column in reversed(NEW_CASE_COLUMNS):
            batch.drop_column(column.name)
