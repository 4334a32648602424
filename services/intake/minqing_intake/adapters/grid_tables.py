"""Intake's grid-work tables: households (一户一档, the contact sealed), the audit trail of every read of a
household's detail, and the visits (走访) recorded, each with the visitor's idempotency key and the answer
that a replay of the key returns."""

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table, Text, UniqueConstraint

from minqing_kit.timestamps import Timestamp

from .tables import metadata

households = Table(
    "households",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("ref", String(64)),  # the household file's own id, so that loading it again updates
    Column("grid_code", String(40), nullable=False),
    Column("building_id", String(64), nullable=False),
    Column("unit_no", String(20), nullable=False),
    Column("door", String(20), nullable=False),
    Column("size", Integer, nullable=False),
    Column("elderly_alone", Boolean, nullable=False),
    Column("disability", Boolean, nullable=False),
    Column("low_income", Boolean, nullable=False),
    Column("rented", Boolean, nullable=False),
    Column("contact_sealed", Text),
    Column("updated_at", Timestamp(), nullable=False),
    Column("updated_by", String(64), nullable=False),
    Column("last_visited_on", Date),  # the local day of the latest visit (走访), for who is due a visit
    UniqueConstraint("district", "ref", name="uq_households_district_ref"),
    Index("ix_households_grid", "district", "grid_code"),
)

household_reads = Table(
    "household_reads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("household_id", String(36), nullable=False, index=True),
    Column("district", String(32), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("purpose", String(20), nullable=False),  # list | show | edit | diary
    Column("read_at", Timestamp(), nullable=False),
)

visits = Table(
    "visits",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("visitor_id", String(64), nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("grid_code", String(40), nullable=False),
    Column("visited_at", Timestamp(), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("record", JSON, nullable=False),  # the answer: households, matters (with what was heard), cases
    UniqueConstraint("visitor_id", "idempotency_key", name="uq_visits_visitor_key"),
    Index("ix_visits_diary", "district", "visitor_id", "local_date"),
)
