"""the deadline of each timeline step (签收, 办结, 督办's, 联办's), shown to residents on the track page

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_steps", sa.Column("deadline", Timestamp()))


def downgrade() -> None:
    with op.batch_alter_table("case_steps") as batch:
        batch.drop_column("deadline")
