"""deadline timers of joint parts

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deadline_timers", sa.Column("part_id", sa.String(36)))


def downgrade() -> None:
    with op.batch_alter_table("deadline_timers") as batch:
        batch.drop_column("part_id")
