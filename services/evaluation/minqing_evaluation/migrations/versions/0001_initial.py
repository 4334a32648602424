"""read model, evaluations, ballots, panel ratings, reports, bus tables

Revision ID: 0001
Revises:
Create Date: 2026-11-22 01:50:56.300142
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.bus_tables import create_bus_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_bus_tables(op)
    op.create_table(
        "ballot_votes",
        sa.Column("ballot_id", sa.String(length=36), nullable=False),
        sa.Column("voter_hash", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.String(length=24), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ballot_id", "voter_hash"),
    )
    op.create_table(
        "ballots",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rectify_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("satisfied", sa.Integer(), server_default="0", nullable=False),
        sa.Column("basically_satisfied", sa.Integer(), server_default="0", nullable=False),
        sa.Column("not_satisfied", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "case_contributions",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "day", "subject", "metric"),
    )
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("ticket", sa.String(length=40), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("grid_code", sa.String(length=40), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("unit_name", sa.String(length=120), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("satisfaction", sa.String(length=24), nullable=True),
        sa.Column("reopen_requests", sa.Integer(), server_default="0", nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_district_closed", ["district", "closed_at"], unique=False)
        batch_op.create_index("ix_cases_district_received", ["district", "received_at"], unique=False)

    op.create_table(
        "evaluations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("ticket", sa.String(length=40), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("resolved_event_id", sa.String(length=64), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("solved", sa.Boolean(), nullable=True),
        sa.Column("satisfaction", sa.String(length=24), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resolved_event_id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluations_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_evaluations_open_due", ["status", "expires_at"], unique=False)

    op.create_table(
        "facts",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facts_case_id"), ["case_id"], unique=False)

    op.create_table(
        "panel_ratings",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("party", sa.String(length=24), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.String(length=24), nullable=False),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("rated_by", sa.String(length=64), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "quarter", "party"),
    )
    with op.batch_alter_table("panel_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_panel_district_quarter", ["district", "quarter"], unique=False)

    op.create_table(
        "reports",
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("district", "kind", "period_start"),
        sa.UniqueConstraint("district", "kind", "period_start", name="uq_report"),
    )
    op.create_table(
        "unit_day_counts",
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("district", "day", "subject", "metric"),
    )


def downgrade() -> None:
    op.drop_table("unit_day_counts")
    op.drop_table("reports")
    with op.batch_alter_table("panel_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_panel_district_quarter")

    op.drop_table("panel_ratings")
    op.drop_table("outbox")
    op.drop_table("inbox")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facts_case_id"))

    op.drop_table("facts")
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluations_open_due")
        batch_op.drop_index(batch_op.f("ix_evaluations_case_id"))

    op.drop_table("evaluations")
    op.drop_table("consumer_failures")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_district_received")
        batch_op.drop_index("ix_cases_district_closed")

    op.drop_table("cases")
    op.drop_table("case_contributions")
    op.drop_table("ballots")
    op.drop_table("ballot_votes")
