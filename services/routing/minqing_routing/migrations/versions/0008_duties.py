"""duties that follow people: the first-contact owner (首问负责), the proxy (代理) with the resident's
consent, the day the resident rated the answer (the first-contact duty ends), and a 包案 case's
resolution waiting for its leader's sign-off

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from minqing_kit.timestamps import Timestamp

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("first_contact_id", sa.String(40)))
    op.add_column("cases", sa.Column("proxy_id", sa.String(40)))
    op.add_column("cases", sa.Column("proxy_consent", sa.Text))
    op.add_column("cases", sa.Column("rated_at", Timestamp()))
    op.add_column("cases", sa.Column("proposal", sa.Text))
    op.create_index("ix_cases_first_contact", "cases", ["district", "first_contact_id"])
    op.create_index("ix_cases_owner", "cases", ["district", "owner_id"])


def downgrade() -> None:
    op.drop_index("ix_cases_owner", "cases")
    op.drop_index("ix_cases_first_contact", "cases")
    with op.batch_alter_table("cases") as batch:
        for column in ("proposal", "rated_at", "proxy_consent", "proxy_id", "first_contact_id"):
            batch.drop_column(column)
