"""OCOP sales points and the certified products each sells

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sales_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("admin_structure", sa.String(length=8), nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=True),
        sa.Column("commune_code", sa.String(length=8), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("hours", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_sales_points_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_points")),
    )
    op.create_table(
        "sales_point_products",
        sa.Column("sales_point_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sales_point_id"],
            ["sales_points.id"],
            name=op.f("fk_sales_point_products_sales_point_id_sales_points"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_sales_point_products_product_id_products"),
        ),
        sa.PrimaryKeyConstraint(
            "sales_point_id", "product_id", name=op.f("pk_sales_point_products")
        ),
    )
    op.create_index(
        op.f("ix_sales_point_products_product_id"), "sales_point_products", ["product_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sales_point_products_product_id"), table_name="sales_point_products")
    op.drop_table("sales_point_products")
    op.drop_table("sales_points")
