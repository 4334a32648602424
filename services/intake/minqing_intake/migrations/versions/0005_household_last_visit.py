"""households.last_visited_on: the local day of the household's latest visit (走访), so the grid worker's
list of households to visit sorts least recently visited first without reading every visit

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("households", sa.Column("last_visited_on", sa.Date))
    visits = sa.table("visits", sa.column("local_date", sa.Date), sa.column("record", sa.JSON))
    households = sa.table("households", sa.column("id", sa.String), sa.column("last_visited_on", sa.Date))
    latest: dict[str, object] = {}
    for day, record in op.get_bind().execute(sa.select(visits.c.local_date, visits.c.record)):
        for household in record["households"]:
            if household not in latest or latest[household] < day:  # type: ignore[operator]
                latest[household] = day
    for household, day in latest.items():
        op.execute(households.update().where(households.c.id == household).values(last_visited_on=day))


def downgrade() -> None:
    op.drop_column("households", "last_visited_on")
