"""evaluations.correlation_id: the case's chain (the correlation id of the resolution a follow-up was
opened for), so that the answer and its events continue it; follow-ups opened before stay NULL (their
answers start a flow of their own, as before)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evaluations", sa.Column("correlation_id", sa.String(36)))


def downgrade() -> None:
    op.drop_column("evaluations", "correlation_id")
