"""the request type (诉求类型: 咨询 / 求助 / 投诉 / 建议 / 表扬) from case.received.v1; older cases have none

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("request_type", sa.String(20)))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("request_type")
