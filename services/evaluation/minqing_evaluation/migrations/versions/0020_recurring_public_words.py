"""Recurring problems' top words from public requests only: the months stored before (reports of kind
``recurring``, whose top words may come from 不公开 texts) are deleted, so that each is computed again on
its next read or scheduler pass (recurring_problems.find, refresh_due)

Revision ID: 0020
Revises: 0019
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM reports WHERE kind = 'recurring'")


def downgrade() -> None:
    pass  # the months are computed again on their next read, by whichever version runs
