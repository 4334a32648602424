"""Migration 0009: the history model (按历史派单) per district and version, and each new case's suggestion."""

from sqlalchemy import Boolean, Column, Float, Integer, String, Table, Text

from minqing_kit.timestamps import Timestamp

from .tables import metadata

dispatch_models = Table(
    "dispatch_models",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("trained_at", Timestamp(), nullable=False),
    Column("samples", Integer, nullable=False),  # closed cases the stored model learned from
    Column("trained_on", Integer, nullable=False),  # the older cases of the held-out evaluation
    Column("held_out", Integer, nullable=False),  # the newest cases it was measured on
    Column("model_right", Integer, nullable=False),
    Column("rules_right", Integer, nullable=False),
    Column("model", Text, nullable=False),  # JSON (domain/history_model.py), never pickle
)
dispatch_suggestions = Table(
    "dispatch_suggestions",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("model_version", Integer, nullable=False),
    Column("unit_id", String(40), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("rules_unit_id", String(40), nullable=False),  # the unit the rules chose, whether or not used
    Column("used", Boolean, nullable=False),  # the case was dispatched by the model
    Column("at", Timestamp(), nullable=False),
)
