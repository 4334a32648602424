"""visits and visit_households: grid visits (走访) from visit.recorded.v1, for the visit rates

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("visitor_id", sa.String(64), nullable=False),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opinions", sa.Integer, nullable=False),
        sa.Column("resolved", sa.Integer, nullable=False),
        sa.Column("cases", sa.Integer, nullable=False),
    )
    op.create_index("ix_visits_district_date", "visits", ["district", "local_date"])
    op.create_table(
        "visit_households",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("household_id", sa.String(64), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("visit_households")
    op.drop_index("ix_visits_district_date", "visits")
    op.drop_table("visits")
