"""case_contacts.step_updates: whether the resident asked for an SMS on each public step of their case
(办理有进展时短信通知我), and when they last chose (the latest choice wins, whatever the order)

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
    op.add_column("case_contacts", sa.Column("step_updates", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("case_contacts", sa.Column("step_updates_at", Timestamp()))


def downgrade() -> None:
    with op.batch_alter_table("case_contacts") as batch:
        batch.drop_column("step_updates_at")
        batch.drop_column("step_updates")
