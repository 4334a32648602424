"""the photo audit read by district, newest first (GET /api/v1/districts/<d>/photo-views: photo_audit.py)

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_photo_views_district_id", "photo_views", ["district", "id"])


def downgrade() -> None:
    op.drop_index("ix_photo_views_district_id", "photo_views")
