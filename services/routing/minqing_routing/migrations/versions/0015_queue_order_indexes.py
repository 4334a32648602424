"""the workbench queues in their order (issue 19 benchmark): the open cases by the deadline that applies
now then id, the finished cases by updated_at then id, so a page of either is a range read of an index
(the next page continues from the last row's key, no sort of the street's open cases and no scan of its
finished ones); the hotline's call-back steps, so its list reads those steps alone

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

OPEN = sa.text("state IN ('dispatched', 'accepted')")
FINISHED = sa.text("state IN ('resolved', 'merged')")
CALLBACKS = sa.text("action IN ('request_callback', 'answer_callback')")
# worklist.own_due, as SQLAlchemy writes it: the planner matches an index expression by its tree
OWN_DUE = sa.text(
    "(CASE WHEN (state = 'dispatched') THEN coalesce(acceptance_deadline, response_deadline) "
    "ELSE resolution_deadline END)"
)


def upgrade() -> None:
    op.create_index("ix_cases_open_due", "cases", ["district", OWN_DUE, "id"], postgresql_where=OPEN, sqlite_where=OPEN)
    op.drop_index("ix_cases_finished", "cases")
    op.create_index(
        "ix_cases_finished",
        "cases",
        ["district", "updated_at", "id"],
        postgresql_where=FINISHED,
        sqlite_where=FINISHED,
    )
    op.create_index(
        "ix_case_history_callbacks", "case_history", ["case_id"], postgresql_where=CALLBACKS, sqlite_where=CALLBACKS
    )


def downgrade() -> None:
    op.drop_index("ix_case_history_callbacks", "case_history")
    op.drop_index("ix_cases_finished", "cases")
    op.create_index(
        "ix_cases_finished", "cases", ["district", "updated_at"], postgresql_where=FINISHED, sqlite_where=FINISHED
    )
    op.drop_index("ix_cases_open_due", "cases")
