"""pruning indexes: published outbox rows by published_at, inbox rows by processed_at (minqing_kit.pruning)

Revision ID: 0012
Revises: 0011
"""

from alembic import op

from minqing_kit.bus_tables import create_pruning_indexes, drop_pruning_indexes

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_pruning_indexes(op)


def downgrade() -> None:
    drop_pruning_indexes(op)
