"""held photos: a resident's photos stored while 我也遇到了's list is shown, until a request takes them or the
hold ends (held_photos.py)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_photos",
        sa.Column("photo_id", sa.String(64), primary_key=True),
        sa.Column("held_at", Timestamp(), nullable=False),
    )
    op.create_index("ix_held_photos_held_at", "held_photos", ["held_at"])


def downgrade() -> None:
    op.drop_table("held_photos")
