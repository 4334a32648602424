"""cases.correlation_id: the case's chain (the correlation id its case.received.v1 carried), which every
later event of the case continues (case.reclassified.v1, case.proxy_withdrawn.v1); null for cases filed
before, whose later events join the request's flow as before

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("correlation_id", sa.String(36)))


def downgrade() -> None:
    op.drop_column("cases", "correlation_id")
