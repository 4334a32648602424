"""card_deliveries: contact cards (民情联系卡) handed to households, from card.delivered.v1, so that cards
handed out per grid (the ground of 知晓率) can be counted

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_deliveries",
        sa.Column("household_id", sa.String(64), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("delivered_on", sa.Date, nullable=False),
    )
    op.create_index("ix_card_deliveries_grid", "card_deliveries", ["district", "grid_code", "delivered_on"])


def downgrade() -> None:
    op.drop_index("ix_card_deliveries_grid", "card_deliveries")
    op.drop_table("card_deliveries")
