"""the history model (按历史派单): trained models per district and version, and each new case's suggestion

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dispatch_models",
        sa.Column("district", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("trained_at", Timestamp(), nullable=False),
        sa.Column("samples", sa.Integer, nullable=False),
        sa.Column("trained_on", sa.Integer, nullable=False),
        sa.Column("held_out", sa.Integer, nullable=False),
        sa.Column("model_right", sa.Integer, nullable=False),
        sa.Column("rules_right", sa.Integer, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
    )
    op.create_table(
        "dispatch_suggestions",
        sa.Column("case_id", sa.String(36), primary_key=True),
        sa.Column("district", sa.String(32), nullable=False),
        sa.Column("model_version", sa.Integer, nullable=False),
        sa.Column("unit_id", sa.String(40), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("rules_unit_id", sa.String(40), nullable=False),
        sa.Column("used", sa.Boolean, nullable=False),
        sa.Column("at", Timestamp(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dispatch_suggestions")
    op.drop_table("dispatch_models")
