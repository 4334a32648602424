"""Evaluation's record of grid visits (走访), from intake's ``visit.recorded.v1``: one row per visit and
one per household visited, each with its grid, community and street so that every level's rates are
one grouped read. Ids and counts only: evaluation never holds a household's detail."""

from sqlalchemy import Column, Date, Index, Integer, String, Table

from minqing_kit.timestamps import Timestamp

from .tables import metadata

visits = Table(
    "visits",
    metadata,
    Column("visit_id", String(64), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("visitor_id", String(64), nullable=False),
    Column("grid_code", String(40), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("visited_at", Timestamp(), nullable=False),
    Column("opinions", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("cases", Integer, nullable=False),
    Index("ix_visits_district_date", "district", "local_date"),
)

visit_households = Table(
    "visit_households",
    metadata,
    Column("visit_id", String(64), primary_key=True),
    Column("household_id", String(64), primary_key=True),
)
