"""Intake's tables (SQLAlchemy Core): cases, ticket counters, and the bus tables."""
from sqlalchemy import Column, Date, DateTime, Integer, MetaData, String, Table, Text

from minqing_kit.bus_tables import BusTables

metadata = MetaData()
bus = BusTables(metadata)

cases = Table(
    "cases", metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False, index=True),
    Column("ticket", String(40), nullable=False, unique=True),
    Column("channel", String(20), nullable=False),
    Column("content", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("unit_name", String(120)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

ticket_counters = Table(
    "ticket_counters", metadata,
    Column("district", String(32), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last", Integer, nullable=False),
)
