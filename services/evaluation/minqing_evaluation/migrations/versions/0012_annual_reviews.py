"""annual reviews (双述双评) with their two ballots and procedures; three-party panel members (三方评事)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "panel_members",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("party", sa.String(24), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.UniqueConstraint("district", "quarter", "party", "name", name="uq_panel_member"),
    )
    op.add_column("panel_ratings", sa.Column("member_id", sa.String(36)))
    op.create_table(
        "annual_reviews",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("person_name", sa.String(80), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("post", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("grade", sa.String(24)),
        sa.Column("opened_at", WHEN, nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("concluded_at", WHEN),
        sa.Column("concluded_by", sa.String(64)),
        sa.UniqueConstraint("district", "year", "person_id", name="uq_annual_review"),
    )
    op.create_table(
        "annual_review_votes",
        sa.Column("review_id", sa.String(36), primary_key=True),
        sa.Column("ballot", sa.String(16), primary_key=True),
        sa.Column("voter_key", sa.String(64), primary_key=True),
        sa.Column("rating", sa.String(24), nullable=False),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("cast_at", WHEN, nullable=False),
    )
    op.create_table(
        "review_procedures",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("review_id", sa.String(36), nullable=False, index=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("due_at", WHEN),
        sa.Column("opened_at", WHEN, nullable=False),
    )


def downgrade() -> None:
    for table in ("review_procedures", "annual_review_votes", "annual_reviews", "panel_members"):
        op.drop_table(table)
    op.drop_column("panel_ratings", "member_id")
