"""whether case.received.v1 carried the reporter's sealed contact: no contact, no SMS or call-back (older
cases: null, not known)

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
    op.add_column("cases", sa.Column("contact_on_file", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("contact_on_file")
