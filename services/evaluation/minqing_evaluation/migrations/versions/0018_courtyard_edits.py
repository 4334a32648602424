"""courtyard_edits: grids' courtyard/building file edits (院落档案) from courtyard.file_edited.v1, the audit
trail of grid staff's file work

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courtyard_edits",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("edited_by", sa.String(64), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_index("ix_courtyard_edits_grid", "courtyard_edits", ["district", "grid_code", "edited_at"])


def downgrade() -> None:
    op.drop_index("ix_courtyard_edits_grid", "courtyard_edits")
    op.drop_table("courtyard_edits")
