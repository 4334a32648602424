"""ix_cases_open_place_received: the duplicate-candidate query (open cases at a place, newest first,
LIMIT 100) reads the index in order and stops after 100 rows, instead of reading every open case at the
place and sorting them (its cost grew with the data: issue 20). Partial on the open statuses, as
minqing_intake.domain.tracking.OPEN_STATUSES names them today.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None
OPEN_STATUSES = ("received", "dispatched", "accepted", "returned", "escalated", "reopened")


def upgrade() -> None:
    op.create_index(
        "ix_cases_open_place_received",
        "cases",
        ["district", "place_key", "received_at"],
        postgresql_where=sa.column("status").in_(OPEN_STATUSES),
        sqlite_where=sa.column("status").in_(OPEN_STATUSES),
    )


def downgrade() -> None:
    op.drop_index("ix_cases_open_place_received", "cases")
