"""the councils' scores and where each idea in evaluation stands

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("ruleset", sa.String(length=8), nullable=False),
        sa.Column("ruleset_version", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stage IN ('province','below','certified','candidate')",
            name=op.f("ck_evaluations_stage_known"),
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_evaluations_idea_id_ideas")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_evaluations_product_id_products")
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_evaluations")),
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("ruleset", sa.String(length=8), nullable=False),
        sa.Column("ruleset_version", sa.Integer(), nullable=False),
        sa.Column("part_a", sa.Integer(), nullable=False),
        sa.Column("part_b", sa.Integer(), nullable=False),
        sa.Column("part_c", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], name=op.f("fk_scores_idea_id_ideas")),
        sa.ForeignKeyConstraint(
            ["by_user_id"], ["users.id"], name=op.f("fk_scores_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
    )
    op.create_index(op.f("ix_scores_idea_id"), "scores", ["idea_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_scores_idea_id"), table_name="scores")
    op.drop_table("scores")
    op.drop_table("evaluations")
