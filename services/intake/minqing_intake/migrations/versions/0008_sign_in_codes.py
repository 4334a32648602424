"""我的诉求 (my requests): each case keeps a keyed hash of its reporter's phone (cases.phone_hash, HMAC
with INTAKE_SECRET_KEY, never the number), and one-time sign-in codes are kept hashed with their expiry
and attempts (sign_in_codes). Cases filed before this migration have no phone hash: their contact is
sealed for notify only, so they stay reachable by ticket and tracking secret.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("phone_hash", sa.String(32)))
    op.create_index("ix_cases_phone_hash", "cases", ["phone_hash", "received_at"])
    op.create_table(
        "sign_in_codes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("phone_hash", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("used", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("sign_in_codes")
    op.drop_index("ix_cases_phone_hash", "cases")
    op.drop_column("cases", "phone_hash")
