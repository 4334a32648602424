"""grid rates: the cases filed from visits (to follow their outcome), residents' answers to "do you
know your grid worker?" (知晓率), the duty flags sent once per period, the monthly 民情信息 reports
issued to the streets, and the index the unvisited-grid check reads by

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_cases",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("visit_id", sa.String(64), nullable=False, index=True),
        sa.Column("district", sa.String(32), nullable=False),
    )
    op.create_table(
        "grid_worker_answers",
        sa.Column("evaluation_id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("grid_code", sa.String(40)),
        sa.Column("knows_grid_worker", sa.Boolean, nullable=False),
        sa.Column("answered_on", sa.Date, nullable=False),
    )
    op.create_index("ix_grid_worker_answers_district_day", "grid_worker_answers", ["district", "answered_on"])
    op.create_table(
        "duty_flags",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("person_id", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
        sa.Column("duty", sa.String(32), primary_key=True),
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "grid_reports",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("street_id", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_visits_district_grid_date", "visits", ["district", "grid_code", "local_date"])


def downgrade() -> None:
    op.drop_index("ix_visits_district_grid_date", "visits")
    op.drop_table("grid_reports")
    op.drop_table("duty_flags")
    op.drop_index("ix_grid_worker_answers_district_day", "grid_worker_answers")
    op.drop_table("grid_worker_answers")
    op.drop_table("visit_cases")
