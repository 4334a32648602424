"""sign-in attempts (per-person and per-address limits) and their audit

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("person_id", sa.String(40), nullable=False),
        sa.Column("address_hash", sa.String(64), nullable=False),
        sa.Column("at", Timestamp(), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("cleared_at", Timestamp()),
    )
    op.create_index("ix_sign_in_attempts_person", "sign_in_attempts", ["district", "person_id", "at"])
    op.create_index("ix_sign_in_attempts_address", "sign_in_attempts", ["address_hash", "at"])
    op.create_table(
        "sign_in_audit",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("at", Timestamp(), nullable=False),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("person_id", sa.String(40)),
        sa.Column("address_hash", sa.String(64)),
        sa.Column("actor", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sign_in_audit")
    op.drop_table("sign_in_attempts")
