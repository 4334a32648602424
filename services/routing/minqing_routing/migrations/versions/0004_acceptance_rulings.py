"""acceptance clocks and rulings (审定): when a case reached its unit, when it must be accepted, and
the unit a ruling named

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("acceptance_deadline", Timestamp()))
    op.add_column("cases", sa.Column("dispatched_at", Timestamp()))
    op.add_column("cases", sa.Column("ruled_unit", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("ruled_unit")
        batch.drop_column("dispatched_at")
        batch.drop_column("acceptance_deadline")
