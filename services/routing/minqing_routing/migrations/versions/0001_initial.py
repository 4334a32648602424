"""cases, audit trail, deadline timers, joint parts, credentials, outbox, inbox, consumer failures

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.bus_tables import create_bus_tables
from minqing_routing.adapters import tables as t

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_bus_tables(op)
    op.create_table("cases", *t.case_columns())
    op.create_index("ix_cases_unit_state", "cases", ["district", "unit_id", "state"])
    op.create_index("ix_cases_ticket", "cases", ["district", "ticket"])
    op.create_table("case_history", *t.history_columns())
    op.create_table("deadline_timers", *t.timer_columns())
    op.create_index(
        "ix_timers_due",
        "deadline_timers",
        ["due_at"],
        postgresql_where=sa.column("done_at").is_(None),
        sqlite_where=sa.column("done_at").is_(None),
    )
    op.create_table("joint_parts", *t.part_columns())
    op.create_table("credentials", *t.credential_columns())


def downgrade() -> None:
    for table in (
        "credentials",
        "joint_parts",
        "deadline_timers",
        "case_history",
        "cases",
        "consumer_failures",
        "inbox",
        "outbox",
    ):
        op.drop_table(table)
