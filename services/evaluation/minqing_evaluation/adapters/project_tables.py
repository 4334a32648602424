"""Project rating (一事一评): projects with their plan, funds and progress, rating rounds, the households a
round invited (intake's ids, the single-use link's hash) and one rating per household and round."""

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text

from minqing_kit.timestamps import Timestamp

from .tables import metadata

projects = Table(
    "projects",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False, index=True),
    Column("unit_id", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("plan", Text),
    Column("funds_yuan", Integer),
    Column("scope", JSON, nullable=False),  # {"grid_codes": [...], "building_ids": [...], "household_ids": [...]}
    Column("current_round", Integer, nullable=False, server_default="0"),  # 0: rating not opened yet
    Column("opened_at", Timestamp(), nullable=False),
    Column("opened_by", String(64), nullable=False),
)

project_progress = Table(
    "project_progress",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", String(36), ForeignKey("projects.id"), nullable=False, index=True),
    Column("note", Text, nullable=False),
    Column("recorded_at", Timestamp(), nullable=False),
    Column("recorded_by", String(64), nullable=False),
)

project_rounds = Table(
    "project_rounds",
    metadata,
    Column("project_id", String(36), ForeignKey("projects.id"), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("status", String(16), nullable=False),  # listing | open | passed | rectifying | rectified
    Column("households", Integer),  # the denominator of participation, once intake has listed them
    Column("satisfied", Integer, nullable=False, server_default="0"),
    Column("basically_satisfied", Integer, nullable=False, server_default="0"),
    Column("not_satisfied", Integer, nullable=False, server_default="0"),
    Column("opened_at", Timestamp(), nullable=False),
    Column("links_expire_at", Timestamp(), nullable=False),
    Column("closed_at", Timestamp()),
    Column("closed_by", String(64)),
    Column("rectify_by", Timestamp()),
    Column("rectified_at", Timestamp()),
    Column("rectification_note", Text),
    Column("overdue_flagged_at", Timestamp()),
    Index("ix_project_rounds_status_due", "status", "rectify_by"),
)

project_households = Table(
    "project_households",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("household_id", String(64), primary_key=True),
    Column("invitation_id", String(36), nullable=False, unique=True),
    Column("token_hash", String(64), unique=True),  # None: no contact on file, paper only
)

project_ratings = Table(
    "project_ratings",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("household_id", String(64), primary_key=True),  # one rating per household and round, link or paper
    Column("rating", String(24), nullable=False),
    Column("via", String(8), nullable=False),  # link | paper
    Column("entered_by", String(64)),  # paper: who entered it (the supervisory board's member)
    Column("rated_at", Timestamp(), nullable=False),
)
