"""Intake's tables of grid places and contact cards: the courtyard/building file (院落档案: each building's
position, units, floors and structure, the grid's facilities and service points; no personal data), the
audit trail of each change to it, and the contact cards (民情联系卡) handed to households."""

from sqlalchemy import JSON, Column, Date, Float, Index, Integer, String, Table

from minqing_kit.timestamps import Timestamp

from .tables import metadata

building_files = Table(
    "building_files",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("building_id", String(64), primary_key=True),
    Column("grid_code", String(40), nullable=False),
    Column("lon", Float),
    Column("lat", Float),
    Column("units", Integer),
    Column("floors", Integer),
    Column("structure", String(40), nullable=False),
    Column("note", String(200), nullable=False),
    Column("updated_at", Timestamp(), nullable=False),
    Column("updated_by", String(64), nullable=False),
    Index("ix_building_files_grid", "district", "grid_code"),
)

grid_places = Table(
    "grid_places",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("grid_code", String(40), primary_key=True),
    Column("ref", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),  # facility | service_point | resident_unit
    Column("name", String(80), nullable=False),
    Column("lon", Float),
    Column("lat", Float),
    Column("note", String(200), nullable=False),
    Column("updated_at", Timestamp(), nullable=False),
    Column("updated_by", String(64), nullable=False),
)

courtyard_edits = Table(
    "courtyard_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("district", String(32), nullable=False),
    Column("grid_code", String(40), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("edited_at", Timestamp(), nullable=False),
    Column("file", JSON, nullable=False),  # the grid's file as it stood after the change
)

courtyard_versions = Table(  # a grid's file version: the edits saved; an edit names the one it was made on
    "courtyard_versions",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("grid_code", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
)

card_deliveries = Table(
    "card_deliveries",
    metadata,
    Column("household_id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("grid_code", String(40), nullable=False),
    Column("delivered_on", Date, nullable=False),
    Column("delivered_by", String(64), nullable=False),
    Column("recorded_at", Timestamp(), nullable=False),
)
