"""Evaluation's copy of the edits to grids' courtyard/building files (院落档案), from intake's
``courtyard.file_edited.v1``: who changed which grid's file when, and what (place facts only, never a
household), kept for grid oversight's audit trail and read back on the staff page of a grid's edits
(``courtyard_edits.history``). The facts themselves stay intake's, which draws them from its own file."""

from sqlalchemy import JSON, Column, Index, String, Table

from minqing_kit.timestamps import Timestamp

from .tables import metadata

courtyard_edits = Table(
    "courtyard_edits",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("grid_code", String(40), nullable=False),
    Column("edited_by", String(64), nullable=False),
    Column("edited_at", Timestamp(), nullable=False),
    Column("changes", JSON, nullable=False),
    Index("ix_courtyard_edits_grid", "district", "grid_code", "edited_at"),
)
