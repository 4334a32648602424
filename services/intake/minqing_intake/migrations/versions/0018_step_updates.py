"""step updates (办理有进展时短信通知我): cases.step_updates, whether the resident asked for an SMS on each
public step, and step_update_changes, the audit of every choice after filing (who, how, when)

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("step_updates", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "step_update_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), nullable=False, index=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("changed_at", Timestamp(), nullable=False),
        sa.Column("how", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("step_update_changes")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("step_updates")
