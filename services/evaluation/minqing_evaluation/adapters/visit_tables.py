"""Evaluation's record of grid visits (走访), from intake's ``visit.recorded.v1``: one row per visit with
its grid and the ids of the households visited, so that a period of every level's rates is one range
read with no join. Ids and counts only: evaluation never holds a household's detail."""

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table

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
    Column("household_ids", JSON),  # the households visited, each once (rarely more than two)
    Index("ix_visits_district_date", "district", "local_date"),
    Index("ix_visits_district_grid_date", "district", "grid_code", "local_date"),
)

visit_cases = Table(  # the cases filed from a visit, to follow each one's outcome in ``cases``
    "visit_cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("visit_id", String(64), nullable=False, index=True),
    Column("district", String(32), nullable=False),
)

grid_worker_answers = Table(  # 知晓: "do you know your grid worker?" at follow-up, when the resident answered it
    "grid_worker_answers",
    metadata,
    Column("evaluation_id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("grid_code", String(40)),
    Column("knows_grid_worker", Boolean, nullable=False),
    Column("answered_on", Date, nullable=False),
    Index("ix_grid_worker_answers_district_day", "district", "answered_on"),
)

duty_flags = Table(  # who was flagged below which duty for which week (Monday) or month: once each
    "duty_flags",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("person_id", String(64), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("duty", String(32), primary_key=True),
    Column("period", String(10), primary_key=True),
    Column("flagged_at", Timestamp(), nullable=False),
)

grid_reports = Table(  # the monthly 民情信息 report of each street, stored (and sent) once
    "grid_reports",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("street_id", String(64), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("body", JSON, nullable=False),
    Column("created_at", Timestamp(), nullable=False),
)
