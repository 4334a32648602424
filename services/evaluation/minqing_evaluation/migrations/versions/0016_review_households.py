"""annual review households (双述双评): the households intake listed as the voters of a review's
residents' ballot, and annual_reviews.households, their number (NULL until intake has listed them;
reviews opened before were never listed, and their residents' ballot takes no more votes)

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("annual_reviews", sa.Column("households", sa.Integer))
    op.create_table(
        "annual_review_households",
        sa.Column("review_id", sa.String(36), primary_key=True),
        sa.Column("household_id", sa.String(64), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("annual_review_households")
    op.drop_column("annual_reviews", "households")
