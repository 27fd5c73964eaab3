"""business plans and their files, training sessions, products imported from the 2019 list,
a chat's outbox in order

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_chat", "outbox", ["channel", "chat_id", "id"], unique=False)
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("imported_year", sa.Integer(), nullable=True))
    op.create_table(
        "business_plans",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("capital", sa.BigInteger(), nullable=False),
        sa.Column("revenue", sa.BigInteger(), nullable=False),
        sa.Column("capacity", sa.String(length=120), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("budget_support", sa.BigInteger(), nullable=True),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("responsible_name", sa.String(length=200), nullable=True),
        sa.Column("approved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("capital >= 0", name=op.f("ck_business_plans_capital_not_negative")),
        sa.CheckConstraint("revenue >= 0", name=op.f("ck_business_plans_revenue_not_negative")),
        sa.CheckConstraint(
            "budget_support IS NULL OR budget_support >= 0",
            name=op.f("ck_business_plans_budget_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_business_plans_idea_id_ideas")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["users.id"],
            name=op.f("fk_business_plans_responsible_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_user_id"],
            ["users.id"],
            name=op.f("fk_business_plans_approved_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_business_plans")),
    )
    op.create_table(
        "business_plan_files",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("mime_type", sa.String(length=100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('photo','document')", name=op.f("ck_business_plan_files_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["business_plans.idea_id"],
            name=op.f("fk_business_plan_files_idea_id_business_plans"),
        ),
        sa.PrimaryKeyConstraint("idea_id", "position", name=op.f("pk_business_plan_files")),
    )
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("admin_structure", sa.String(length=8), nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=True),
        sa.Column("commune_code", sa.String(length=8), nullable=True),
        sa.Column("producers", sa.Integer(), nullable=False),
        sa.Column("officers", sa.Integer(), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "producers >= 0 AND officers >= 0",
            name=op.f("ck_training_sessions_counts_not_negative"),
        ),
        sa.CheckConstraint(
            "producers + officers > 0", name=op.f("ck_training_sessions_someone_attended")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["users.id"],
            name=op.f("fk_training_sessions_recorded_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index(
        op.f("ix_training_sessions_held_on"), "training_sessions", ["held_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_training_sessions_held_on"), table_name="training_sessions")
    op.drop_table("training_sessions")
    op.drop_table("business_plan_files")
    op.drop_table("business_plans")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("imported_year")
    op.drop_index("ix_outbox_chat", table_name="outbox")
