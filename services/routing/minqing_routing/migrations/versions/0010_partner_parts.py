"""joint handling across districts (跨区联办): a joint part's district when it is a partner district's
(null: the case's district), indexed with the unit for a partner handler's inbox

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("joint_parts", sa.Column("district", sa.String(32)))
    op.create_index("ix_joint_parts_district_unit", "joint_parts", ["district", "unit_id"])


def downgrade() -> None:
    op.drop_index("ix_joint_parts_district_unit", "joint_parts")
    with op.batch_alter_table("joint_parts") as batch:
        batch.drop_column("district")
