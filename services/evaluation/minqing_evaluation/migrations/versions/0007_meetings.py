"""meetings (听证会, 协调会, 评议会, 三方评事, 民情分析会): notices, attendance, minutes and their corrections,
decisions, tasks, the trail; the six-step deliberation (六步流程) and its steps' records

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("agenda", sa.JSON, nullable=False),
        sa.Column("matters", sa.JSON, nullable=False),
        sa.Column("invitees", sa.JSON, nullable=False),
        sa.Column("notices", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("held_at", TS),
        sa.Column("notice_override", sa.Text),
        sa.Column("minutes", sa.Text),
        sa.Column("minutes_state", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_meetings_district_starts", "meetings", ["district", "starts_at"])
    op.create_table(
        "minutes_corrections",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("meeting_id", sa.String(36), nullable=False, index=True),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("meeting_id", sa.String(36), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("adopted", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("case_ids", sa.JSON, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
    )
    op.create_table(
        "meeting_tasks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("meeting_id", sa.String(36), nullable=False, index=True),
        sa.Column("decision_id", sa.String(36), nullable=False),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("owner_unit_id", sa.String(64), nullable=False),
        sa.Column("owner_person_id", sa.String(64)),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("done_at", TS),
        sa.Column("overdue_flagged_at", TS),
    )
    op.create_index("ix_meeting_tasks_due", "meeting_tasks", ["done_at", "overdue_flagged_at", "due_at"])
    op.create_table(
        "meeting_trail",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject_id", sa.String(36), nullable=False, index=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    op.create_table(
        "deliberations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("steps_done", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_deliberations_district_unit", "deliberations", ["district", "unit_id"])
    op.create_table(
        "deliberation_steps",
        sa.Column("deliberation_id", sa.String(36), primary_key=True),
        sa.Column("step", sa.Integer, primary_key=True),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deliberation_steps")
    op.drop_index("ix_deliberations_district_unit", "deliberations")
    op.drop_table("deliberations")
    op.drop_table("meeting_trail")
    op.drop_index("ix_meeting_tasks_due", "meeting_tasks")
    op.drop_table("meeting_tasks")
    op.drop_table("meeting_decisions")
    op.drop_table("minutes_corrections")
    op.drop_index("ix_meetings_district_starts", "meetings")
    op.drop_table("meetings")
