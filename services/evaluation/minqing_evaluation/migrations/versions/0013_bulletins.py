"""weekly bulletins (每周一通报): the (district, week, unit) each bulletin went to, so it is sent once

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulletins",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("week_start", sa.Date, primary_key=True),
        sa.Column("unit_id", sa.String(64), primary_key=True),
        sa.Column("rank", sa.Integer),
        sa.Column("peers", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bulletins")
