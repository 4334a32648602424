"""annual_reviews.households_asked_at: when evaluation last asked intake for a review's households
(review.opened.v1). NULL on the reviews opened before (0016 left them unlisted and never asked): the first
residents' vote on one of them asks, and a question unanswered for ten minutes is asked again
(review_households.listing_refusal)

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("annual_reviews", sa.Column("households_asked_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("annual_reviews", "households_asked_at")
