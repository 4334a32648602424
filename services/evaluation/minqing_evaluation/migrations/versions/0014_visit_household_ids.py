"""visits.household_ids: a visit's household ids on its own row (one or two, rarely more) instead of
visit_households, so a district's month of visits is one range read with no join (PostgreSQL hashed all
of visit_households for it: bench/README.md, grid visits); the rows there move onto their visits

Revision ID: 0014
Revises: 0013
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

visits = sa.table("visits", sa.column("visit_id", sa.String), sa.column("household_ids", sa.JSON))
pairs = sa.table("visit_households", sa.column("visit_id", sa.String), sa.column("household_id", sa.String))


def upgrade() -> None:
    op.add_column("visits", sa.Column("household_ids", sa.JSON))
    bind = op.get_bind()
    found: dict[str, list[str]] = defaultdict(list)
    for visit_id, household in bind.execute(sa.select(pairs.c.visit_id, pairs.c.household_id)):
        found[visit_id].append(household)
    update = visits.update().where(visits.c.visit_id == sa.bindparam("v")).values(household_ids=sa.bindparam("h"))
    if found:
        bind.execute(update, [{"v": v, "h": sorted(h)} for v, h in found.items()])
    op.drop_table("visit_households")


def downgrade() -> None:
    op.create_table(
        "visit_households",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("household_id", sa.String(64), primary_key=True),
    )
    bind = op.get_bind()
    rows = [
        {"visit_id": v, "household_id": h}
        for v, ids in bind.execute(sa.select(visits.c.visit_id, visits.c.household_ids))
        for h in ids or ()
    ]
    if rows:
        bind.execute(pairs.insert(), rows)
    op.drop_column("visits", "household_ids")
