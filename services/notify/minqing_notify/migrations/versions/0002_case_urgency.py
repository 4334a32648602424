"""case_contacts.urgent: an urgent case's SMS to its reporter are never held by quiet hours

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
    op.add_column("case_contacts", sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("case_contacts", "urgent")
