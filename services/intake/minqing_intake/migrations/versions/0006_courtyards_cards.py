"""building_files and grid_places (院落档案: the place facts of a grid, no personal data), courtyard_edits
(the audit trail of each change to them), card_deliveries (民情联系卡 handed to a household)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "building_files",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("building_id", sa.String(64), primary_key=True),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("units", sa.Integer),
        sa.Column("floors", sa.Integer),
        sa.Column("structure", sa.String(40), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_building_files_grid", "building_files", ["district", "grid_code"])
    op.create_table(
        "grid_places",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("grid_code", sa.String(40), primary_key=True),
        sa.Column("ref", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "courtyard_edits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("edited_at", MOMENT, nullable=False),
        sa.Column("file", sa.JSON, nullable=False),
    )
    op.create_table(
        "card_deliveries",
        sa.Column("household_id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("delivered_on", sa.Date, nullable=False),
        sa.Column("delivered_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", MOMENT, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("card_deliveries")
    op.drop_table("courtyard_edits")
    op.drop_table("grid_places")
    op.drop_index("ix_building_files_grid", "building_files")
    op.drop_table("building_files")
