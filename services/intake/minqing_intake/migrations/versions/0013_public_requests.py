"""公开 / 不公开: whether the resident chose a public request (earlier cases: null, shown as before), and
the audit of staff viewing a case's photos (who, when, which case and photo)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("public", sa.Boolean))
    op.create_table(
        "photo_views",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("photo_id", sa.String(64), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("viewed_at", Timestamp(), nullable=False),
    )
    op.create_index("ix_photo_views_case_id", "photo_views", ["case_id"])


def downgrade() -> None:
    op.drop_table("photo_views")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("public")
