"""counters as one row per (district, day, subject) with a column per metric, plus a monthly roll-up

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

METRICS = (
    "received",
    "dispatched",
    "responded_on_time",
    "returned",
    "repeat_requested",
    "resolved",
    "resolved_on_time",
    "reopened",
    "supervised",
    "followups",
    "rated",
    "solved",
    "satisfied",
    "basically_satisfied",
    "not_satisfied",
    "satisfied_or_basic",
    "unanswered",
)


def _create(name: str) -> None:
    op.create_table(
        name,
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        *(sa.Column(m, sa.Integer(), nullable=False, server_default="0") for m in METRICS),
        sa.PrimaryKeyConstraint("district", "day", "subject"),
    )


def upgrade() -> None:
    op.drop_table("unit_day_counts")  # rebuilt from case_contributions below
    _create("unit_day_counts")
    _create("unit_month_counts")
    for table, day in (("unit_day_counts", "day"), ("unit_month_counts", "date_trunc('month', day)::date")):
        if op.get_bind().dialect.name != "postgresql":
            day = "day" if table == "unit_day_counts" else "date(day, 'start of month')"
        sums = ", ".join(f"SUM(CASE WHEN metric = '{m}' THEN n ELSE 0 END)" for m in METRICS)
        op.execute(
            f"INSERT INTO {table} (district, day, subject, {', '.join(METRICS)}) "
            f"SELECT c.district, {day.replace('day', 'x.day')}, x.subject, {sums} "
            f"FROM case_contributions x JOIN cases c ON c.case_id = x.case_id "
            f"GROUP BY c.district, {day.replace('day', 'x.day')}, x.subject"
        )


def downgrade() -> None:
    op.drop_table("unit_month_counts")
    op.drop_table("unit_day_counts")
    op.create_table(
        "unit_day_counts",
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("district", "day", "subject", "metric"),
    )
