"""proxy filing (代理): the resident's consent as the proxy recorded it, and when the resident took the
case back from the proxy

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("proxy_consent", sa.Text))
    op.add_column("cases", sa.Column("proxy_withdrawn_at", Timestamp()))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("proxy_withdrawn_at")
        batch.drop_column("proxy_consent")
