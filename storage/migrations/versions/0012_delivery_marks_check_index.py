"""delivery marks: what a channel has shown or sent of a chat's reply, shared by every
process; stamp checks found by person and time (the look-up limit)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_marks",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "chat_id", "name", name=op.f("pk_delivery_marks")),
    )
    with op.batch_alter_table("stamp_checks", schema=None) as batch_op:
        batch_op.create_index("ix_stamp_checks_person", ["user_hash", "checked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stamp_checks", schema=None) as batch_op:
        batch_op.drop_index("ix_stamp_checks_person")
    op.drop_table("delivery_marks")
