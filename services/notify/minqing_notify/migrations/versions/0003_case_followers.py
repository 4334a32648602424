"""case_followers: the people a case follows besides its units (包案 leader, first-contact owner, proxy),
told of its steps

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_followers",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("duty", sa.String(16), primary_key=True),
        sa.Column("person_id", sa.String(80), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("case_followers")
