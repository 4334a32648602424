"""公开 / 不公开: whether the resident chose a public request, as case.received.v1 says (earlier cases:
null, shown on the public notice as before)

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("public", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("public")
