"""evaluations.delivery: whether notify could deliver the rating link

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evaluations") as batch:
        batch.add_column(sa.Column("delivery", sa.String(16)))
        batch.add_column(sa.Column("delivery_note", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("evaluations") as batch:
        batch.drop_column("delivery_note")
        batch.drop_column("delivery")
