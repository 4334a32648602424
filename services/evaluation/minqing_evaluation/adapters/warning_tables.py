"""Early warnings (未诉先办): each grid x category flagged on a day, and the day's marker row (grid and
category empty) that says the day was judged, so a warning is raised once whoever runs the check."""

from sqlalchemy import Column, Date, Float, Integer, String, Table

from minqing_kit.timestamps import Timestamp

from .tables import metadata

early_warnings = Table(
    "early_warnings",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("grid_code", String(40), primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("baseline", Float, nullable=False),
    Column("p_value", Float, nullable=False),
    Column("raised_at", Timestamp(), nullable=False),
)
