"""courtyard_versions: each grid's courtyard/building file version (院落档案), the number of edits saved
(courtyard_edits), so that an edit names the version it was made on and a stale one is refused
(courtyards._next_version); counted from the edits already saved

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courtyard_versions",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("grid_code", sa.String(40), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO courtyard_versions (district, grid_code, version) "
        "SELECT district, grid_code, count(*) FROM courtyard_edits GROUP BY district, grid_code"
    )


def downgrade() -> None:
    op.drop_table("courtyard_versions")
