"""households (一户一档), household_reads (audit of every read of a household's detail), visits (走访)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("ref", sa.String(64)),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("building_id", sa.String(64), nullable=False),
        sa.Column("unit_no", sa.String(20), nullable=False),
        sa.Column("door", sa.String(20), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        *(
            sa.Column(flag, sa.Boolean, nullable=False)
            for flag in ("elderly_alone", "disability", "low_income", "rented")
        ),
        sa.Column("contact_sealed", sa.Text),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("district", "ref", name="uq_households_district_ref"),
    )
    op.create_index("ix_households_grid", "households", ["district", "grid_code"])
    op.create_table(
        "household_reads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("household_id", sa.String(36), nullable=False, index=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("read_at", MOMENT, nullable=False),
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("visitor_id", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("grid_code", sa.String(40), nullable=False),
        sa.Column("visited_at", MOMENT, nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.UniqueConstraint("visitor_id", "idempotency_key", name="uq_visits_visitor_key"),
    )
    op.create_index("ix_visits_diary", "visits", ["district", "visitor_id", "local_date"])


def downgrade() -> None:
    op.drop_table("visits")
    op.drop_table("household_reads")
    op.drop_table("households")
