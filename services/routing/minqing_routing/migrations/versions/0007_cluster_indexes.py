"""duplicate clusters: the case page lists the cases merged into a case or flagged as its duplicates, so
both columns are indexed (without them each case page read the whole cases table)

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_merged_into", "cases", ["merged_into"])
    op.create_index("ix_cases_duplicate_of", "cases", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_cases_duplicate_of", "cases")
    op.drop_index("ix_cases_merged_into", "cases")
