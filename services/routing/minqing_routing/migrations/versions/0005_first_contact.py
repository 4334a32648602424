"""first contact with the resident (首次联系): when it is due after 签收

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("contact_deadline", Timestamp()))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("contact_deadline")
