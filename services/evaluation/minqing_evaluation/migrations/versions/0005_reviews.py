"""project ratings by household (一事一评): projects, progress, rounds, invited households, ratings

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False, index=True),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("plan", sa.Text),
        sa.Column("funds_yuan", sa.Integer),
        sa.Column("scope", sa.JSON, nullable=False),
        sa.Column("current_round", sa.Integer, nullable=False, server_default="0"),
        sa.Column("opened_at", WHEN, nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "project_progress",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), nullable=False, index=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "project_rounds",
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("households", sa.Integer),
        sa.Column("satisfied", sa.Integer, nullable=False, server_default="0"),
        sa.Column("basically_satisfied", sa.Integer, nullable=False, server_default="0"),
        sa.Column("not_satisfied", sa.Integer, nullable=False, server_default="0"),
        sa.Column("opened_at", WHEN, nullable=False),
        sa.Column("links_expire_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN),
        sa.Column("closed_by", sa.String(64)),
        sa.Column("rectify_by", WHEN),
        sa.Column("rectified_at", WHEN),
        sa.Column("rectification_note", sa.Text),
        sa.Column("overdue_flagged_at", WHEN),
    )
    op.create_index("ix_project_rounds_status_due", "project_rounds", ["status", "rectify_by"])
    op.create_table(
        "project_households",
        sa.Column("project_id", sa.String(36), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.String(64), primary_key=True),
        sa.Column("invitation_id", sa.String(36), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), unique=True),
    )
    op.create_table(
        "project_ratings",
        sa.Column("project_id", sa.String(36), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.String(64), primary_key=True),
        sa.Column("rating", sa.String(24), nullable=False),
        sa.Column("via", sa.String(8), nullable=False),
        sa.Column("entered_by", sa.String(64)),
        sa.Column("rated_at", WHEN, nullable=False),
    )


def downgrade() -> None:
    for table in ("project_ratings", "project_households", "project_rounds", "project_progress", "projects"):
        op.drop_table(table)
