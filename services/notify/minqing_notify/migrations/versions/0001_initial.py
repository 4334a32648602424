"""case contacts (sealed), deliveries, in-app inbox, outbox, inbox, consumer failures

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
        "case_contacts",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("ticket", sa.String(40), nullable=False),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("contact_sealed", sa.Text),  # as intake sealed it; opened only at send time
        sa.Column("has_phone", sa.Boolean, nullable=False),
        sa.Column("has_email", sa.Boolean, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("case_id", sa.String(64)),
        sa.Column("ticket", sa.String(40)),
        sa.Column("source_event_id", sa.String(36), nullable=False),
        sa.Column("source_event_type", sa.String(80), nullable=False),
        sa.Column("correlation_id", sa.String(36)),
        sa.Column("recipient_kind", sa.String(16), nullable=False),
        sa.Column("recipient_ref", sa.String(80), nullable=False),
        sa.Column("recipient_key", sa.String(120), nullable=False),
        sa.Column("contact_case_id", sa.String(64)),  # residents: the case whose sealed contact to open
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("template", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("segments", sa.Integer, nullable=False, server_default="1"),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("status", sa.String(16), nullable=False),  # pending | sending | sent | failed | skipped
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("address_masked", sa.String(120)),
        sa.Column("rate_key", sa.String(64)),  # keyed hash of the phone number, for the per-recipient SMS limit
        sa.Column("provider_ref", sa.String(120)),
        sa.Column("last_error", sa.Text),
        sa.Column("note", sa.Text),  # why it waits: quiet hours, rate limit
        sa.UniqueConstraint("source_event_id", "recipient_key", "channel", name="uq_delivery"),
    )
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("delivery_id", sa.String(36), nullable=False, unique=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("person_id", sa.String(80), nullable=False),
        sa.Column("case_id", sa.String(64)),
        sa.Column("ticket", sa.String(40)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_deliveries_case_id", "deliveries", ["case_id"])
    op.create_index("ix_deliveries_ticket", "deliveries", ["ticket"])
    op.create_index("ix_deliveries_recipient_key", "deliveries", ["recipient_key"])
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])
    op.create_index("ix_deliveries_rate", "deliveries", ["rate_key", "sent_at"])
    op.create_index("ix_inbox_person", "inbox_messages", ["district", "person_id", "id"])


def downgrade() -> None:
    for table in ("inbox_messages", "deliveries", "case_contacts", "consumer_failures", "inbox", "outbox"):
        op.drop_table(table)
