"""the workbench queues (issue 19 benchmark): open cases and finished cases each in a partial index, the
supervised cases' steps, and the parts a unit holds, so a street's inbox with 500,000 closed cases reads
neither the closed cases nor every case's trail

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OPEN = sa.text("state IN ('dispatched', 'accepted')")
FINISHED = sa.text("state IN ('resolved', 'merged')")
SUPERVISED = sa.text("action IN ('supervise', 'supervise_part')")


def upgrade() -> None:
    op.create_index("ix_cases_open", "cases", ["district", "unit_id"], postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_index(
        "ix_cases_finished", "cases", ["district", "updated_at"], postgresql_where=FINISHED, sqlite_where=FINISHED
    )
    op.create_index(
        "ix_case_history_supervised", "case_history", ["case_id"], postgresql_where=SUPERVISED, sqlite_where=SUPERVISED
    )
    op.create_index("ix_joint_parts_unit", "joint_parts", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_joint_parts_unit", "joint_parts")
    op.drop_index("ix_case_history_supervised", "case_history")
    op.drop_index("ix_cases_finished", "cases")
    op.drop_index("ix_cases_open", "cases")
