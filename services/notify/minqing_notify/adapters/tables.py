"""Notify's tables (SQLAlchemy Core): residents' sealed contacts per case, deliveries, the in-app
inbox, and the bus tables."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from minqing_kit.bus_tables import BusTables
from minqing_kit.timestamps import Timestamp

metadata = MetaData()
bus = BusTables(metadata)

case_contacts = Table(
    "case_contacts",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("ticket", String(40), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("contact_sealed", Text),  # as intake sealed it; opened only at send time
    Column("has_phone", Boolean, nullable=False),
    Column("has_email", Boolean, nullable=False),
    Column("received_at", Timestamp(), nullable=False),
    Column("urgent", Boolean, nullable=False, server_default=false()),
    # migration 0005: the resident asked for an SMS on each public step (step_updates.py), chosen when
    Column("step_updates", Boolean, nullable=False, server_default=false()),
    Column("step_updates_at", Timestamp()),
)
# migration 0003: who a case follows besides its units, by duty (owner 包案, first_contact 首问负责, proxy 代理)
case_followers = Table(
    "case_followers",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("duty", String(16), primary_key=True),
    Column("person_id", String(80), nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("case_id", String(64), index=True),
    Column("ticket", String(40), index=True),
    Column("source_event_id", String(36), nullable=False),
    Column("source_event_type", String(80), nullable=False),
    Column("correlation_id", String(36)),
    Column("recipient_kind", String(16), nullable=False),
    Column("recipient_ref", String(80), nullable=False),
    Column("recipient_key", String(120), nullable=False, index=True),
    Column("contact_case_id", String(64)),  # residents: the case whose sealed contact to open
    Column("channel", String(16), nullable=False),
    Column("template", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("segments", Integer, nullable=False, server_default="1"),
    Column("urgent", Boolean, nullable=False, server_default="false"),
    Column("status", String(16), nullable=False),  # pending | sending | sent | failed | skipped
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", Timestamp(), nullable=False),
    Column("lease_until", Timestamp()),
    Column("created_at", Timestamp(), nullable=False),
    Column("sent_at", Timestamp()),  # an SMS being sent has it from when it took its slot (sms_slots)
    Column("address_masked", String(120)),
    Column("rate_key", String(64)),  # keyed hash of the phone number, for the per-recipient SMS limit
    Column("provider_ref", String(120)),
    Column("last_error", Text),
    Column("note", Text),  # why it waits (quiet hours, rate limit) or was skipped
    UniqueConstraint("source_event_id", "recipient_key", "channel", name="uq_delivery"),
)
Index("ix_deliveries_due", deliveries.c.status, deliveries.c.next_attempt_at)
Index("ix_deliveries_rate", deliveries.c.rate_key, deliveries.c.sent_at)

inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("delivery_id", String(36), nullable=False, unique=True),
    Column("district", String(32), nullable=False),
    Column("person_id", String(80), nullable=False),
    Column("case_id", String(64)),
    Column("ticket", String(40)),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", Timestamp(), nullable=False),
    Column("read_at", Timestamp()),
)
Index("ix_inbox_person", inbox_messages.c.district, inbox_messages.c.person_id, inbox_messages.c.id)
