"""Meetings (听证会, 协调会, 评议会, 三方评事, 民情分析会) and the six-step deliberation (六步流程): the records,
their decisions and tasks, and the audit trail of every change. Invitees' names are kept for the
meeting's staff view; public views show resident representatives only as counts by group."""

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Table, Text

from minqing_kit.timestamps import Timestamp

from .tables import metadata

meetings = Table(
    "meetings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("unit_id", String(64), nullable=False),  # the convening unit
    Column("starts_at", Timestamp(), nullable=False),
    Column("place", String(200), nullable=False),
    Column("agenda", JSON, nullable=False),  # [text, ...]
    Column("matters", JSON, nullable=False),  # [{kind: case|project|unit|person, ref, label}]
    Column("invitees", JSON, nullable=False),  # [{invitee_id, group, name, person_id, unit_id, attended}]
    Column("notices", JSON, nullable=False),  # {recruitment|schedule|materials: local day given}
    Column("state", String(16), nullable=False),  # planned | held
    Column("held_at", Timestamp()),
    Column("notice_override", Text),
    Column("minutes", Text),
    Column("minutes_state", String(16), nullable=False),  # none | draft | published
    Column("created_by", String(64), nullable=False),
    Column("created_at", Timestamp(), nullable=False),
    Index("ix_meetings_district_starts", "district", "starts_at"),
)

minutes_corrections = Table(
    "minutes_corrections",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("meeting_id", String(36), nullable=False, index=True),
    Column("person_id", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("at", Timestamp(), nullable=False),
)

meeting_decisions = Table(
    "meeting_decisions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("meeting_id", String(36), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("adopted", Boolean, nullable=False),
    Column("reason", Text),
    Column("case_ids", JSON, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", Timestamp(), nullable=False),
)

meeting_tasks = Table(
    "meeting_tasks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("meeting_id", String(36), nullable=False, index=True),
    Column("decision_id", String(36), nullable=False),
    Column("district", String(32), nullable=False),
    Column("owner_unit_id", String(64), nullable=False),
    Column("owner_person_id", String(64)),
    Column("description", Text, nullable=False),
    Column("due_at", Timestamp(), nullable=False),
    Column("done_at", Timestamp()),
    Column("overdue_flagged_at", Timestamp()),
    Index("ix_meeting_tasks_due", "done_at", "overdue_flagged_at", "due_at"),
)

meeting_trail = Table(  # every change to a meeting or a deliberation: who, when, what
    "meeting_trail",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", String(36), nullable=False, index=True),  # a meeting's or a deliberation's id
    Column("district", String(32), nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", Text),
    Column("actor_id", String(64), nullable=False),
    Column("at", Timestamp(), nullable=False),
)

deliberations = Table(  # 民主议事决策六步流程: a matter of common interest and how far it has gone
    "deliberations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("unit_id", String(64), nullable=False),  # the community
    Column("title", String(200), nullable=False),
    Column("steps_done", Integer, nullable=False),  # 0..6
    Column("created_by", String(64), nullable=False),
    Column("created_at", Timestamp(), nullable=False),
    Index("ix_deliberations_district_unit", "district", "unit_id"),
)

deliberation_steps = Table(  # each step's record, published on the notice board
    "deliberation_steps",
    metadata,
    Column("deliberation_id", String(36), primary_key=True),
    Column("step", Integer, primary_key=True),  # 1..6
    Column("record", JSON, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", Timestamp(), nullable=False),
)
