"""Themes (每月一题): a recurring problem taken up as one theme, its tasks with owners and deadlines, the
policies and measures adopted, the cases attached to it, and the trail of every change."""

from sqlalchemy import JSON, Column, Date, Index, Integer, String, Table, Text

from minqing_kit.timestamps import Timestamp

from .tables import metadata

themes = Table(
    "themes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("title", String(200), nullable=False),
    Column("problem", Text, nullable=False),  # the problem as the supervisor states it (public)
    Column("category", String(32), nullable=False),
    Column("area", String(64), nullable=False),  # a grid code, community or street id
    Column("keywords", JSON, nullable=False),  # [] or words of which a matching request contains one
    Column("lead_unit_id", String(64), nullable=False),
    Column("co_unit_ids", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # open | closed
    Column("opened_on", Date, nullable=False),  # local day: the effect's weeks after start with its week
    Column("opened_at", Timestamp(), nullable=False),
    Column("opened_by", String(64), nullable=False),
    Column("closed_at", Timestamp()),
    Column("source", String(120)),  # the recurring problem it came from, when it did
    Index("ix_themes_district_status", "district", "status"),
)

theme_tasks = Table(
    "theme_tasks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("theme_id", String(36), nullable=False, index=True),
    Column("district", String(32), nullable=False),
    Column("description", Text, nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("owner_person_id", String(64)),
    Column("period", String(16), nullable=False),  # as given, e.g. 10wd
    Column("due_at", Timestamp(), nullable=False),
    Column("status", String(16), nullable=False),  # open | done
    Column("done_at", Timestamp()),
    Column("overdue_flagged_at", Timestamp()),  # the supervision notice went out (once)
    Index("ix_theme_tasks_due", "status", "overdue_flagged_at", "due_at"),
)

theme_measures = Table(
    "theme_measures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("theme_id", String(36), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # policy | measure
    Column("text", Text, nullable=False),
    Column("adopted_on", Date, nullable=False),
    Column("recorded_by", String(64), nullable=False),
)

theme_cases = Table(
    "theme_cases",
    metadata,
    Column("theme_id", String(36), primary_key=True),
    Column("case_id", String(64), primary_key=True),
    Column("ticket", String(40), nullable=False),
    Column("linked_at", Timestamp(), nullable=False),
)

theme_trail = Table(  # every change of a theme: who did what when (the audit trail)
    "theme_trail",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("theme_id", String(36), nullable=False, index=True),
    Column("at", Timestamp(), nullable=False),
    Column("actor", String(64), nullable=False),  # a person id, or "scheduler" / "consumer"
    Column("action", String(32), nullable=False),
    Column("detail", JSON, nullable=False),
)
