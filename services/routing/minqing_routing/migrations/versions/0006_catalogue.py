"""the responsibility catalogue (职责清单): versions, items, and the item and version each dispatch used

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_versions",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("loaded_at", Timestamp(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
    )
    op.create_table(
        "catalogue_items",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.String(40), primary_key=True),
        sa.Column("matter", sa.Text, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("unit_id", sa.String(40)),
        sa.Column("street_duty", sa.Text),
        sa.Column("community_duty", sa.Text),
        sa.Column("legal_basis", sa.Text, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("effective_to", sa.Date),
    )
    op.create_index("ix_catalogue_items_category", "catalogue_items", ["district", "version", "category", "item_id"])
    for table in ("cases", "case_history"):
        op.add_column(table, sa.Column("catalogue_item", sa.String(40)))
        op.add_column(table, sa.Column("catalogue_version", sa.Integer))


def downgrade() -> None:
    for table in ("cases", "case_history"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("catalogue_version")
            batch.drop_column("catalogue_item")
    op.drop_index("ix_catalogue_items_category", table_name="catalogue_items")
    op.drop_table("catalogue_items")
    op.drop_table("catalogue_versions")
