"""the daily review (每日一研判): facts by type and time, answers by day, cases by grid, and each case's
open supervision (督办) kept on the case, backfilled from its facts

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE cases SET supervised_at = latest.at
FROM (SELECT case_id, max(occurred_at) AS at FROM facts WHERE event_type = 'case.supervised.v1' GROUP BY case_id) latest
WHERE cases.case_id = latest.case_id AND NOT EXISTS (
    SELECT 1 FROM facts answer WHERE answer.case_id = cases.case_id
    AND answer.event_type IN ('case.resolved.v1', 'case.cluster_answered.v1') AND answer.occurred_at > latest.at)
"""


def upgrade() -> None:
    op.add_column("cases", sa.Column("supervised_at", sa.DateTime(timezone=True)))
    op.execute(BACKFILL)
    op.create_index("ix_cases_district_supervised", "cases", ["district", "supervised_at"])
    op.create_index("ix_cases_district_grid", "cases", ["district", "grid_code", "received_at"])
    op.create_index("ix_facts_type_occurred", "facts", ["event_type", "occurred_at"])
    op.create_index("ix_evaluations_district_answered", "evaluations", ["district", "answered_at"])


def downgrade() -> None:
    op.drop_index("ix_evaluations_district_answered", "evaluations")
    op.drop_index("ix_facts_type_occurred", "facts")
    op.drop_index("ix_cases_district_grid", "cases")
    op.drop_index("ix_cases_district_supervised", "cases")
    op.drop_column("cases", "supervised_at")
