"""themes (每月一题): themes, their tasks, measures, linked cases and trail

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "themes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("problem", sa.Text, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("area", sa.String(64), nullable=False),
        sa.Column("keywords", sa.JSON, nullable=False),
        sa.Column("lead_unit_id", sa.String(64), nullable=False),
        sa.Column("co_unit_ids", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("closed_at", TZ),
        sa.Column("source", sa.String(120)),
    )
    op.create_index("ix_themes_district_status", "themes", ["district", "status"])
    op.create_table(
        "theme_tasks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("theme_id", sa.String(36), nullable=False),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("owner_person_id", sa.String(64)),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("due_at", TZ, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done_at", TZ),
        sa.Column("overdue_flagged_at", TZ),
    )
    op.create_index("ix_theme_tasks_theme_id", "theme_tasks", ["theme_id"])
    op.create_index("ix_theme_tasks_due", "theme_tasks", ["status", "overdue_flagged_at", "due_at"])
    op.create_table(
        "theme_measures",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("theme_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("adopted_on", sa.Date, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_theme_measures_theme_id", "theme_measures", ["theme_id"])
    op.create_table(
        "theme_cases",
        sa.Column("theme_id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("ticket", sa.String(40), nullable=False),
        sa.Column("linked_at", TZ, nullable=False),
    )
    op.create_table(
        "theme_trail",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("theme_id", sa.String(36), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_theme_trail_theme_id", "theme_trail", ["theme_id"])


def downgrade() -> None:
    for table in ("theme_trail", "theme_cases", "theme_measures", "theme_tasks", "themes"):
        op.drop_table(table)
