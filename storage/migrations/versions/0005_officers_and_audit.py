"""officer invitations and the audit log

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'officer_invites',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('area_code', sa.String(length=8), nullable=True),
        sa.Column('admin_structure', sa.String(length=8), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('used_by_user_id', sa.Integer(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('producer','commune','district','province','admin')",
            name=op.f('ck_officer_invites_role_known'),
        ),
        sa.ForeignKeyConstraint(
            ['used_by_user_id'],
            ['users.id'],
            name=op.f('fk_officer_invites_used_by_user_id_users'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_officer_invites')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_officer_invites_code_hash')),
    )
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('actor_user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('subject', sa.String(length=80), nullable=False),
        sa.Column('area_code', sa.String(length=8), nullable=True),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['actor_user_id'], ['users.id'], name=op.f('fk_audit_log_actor_user_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    )
    op.create_index(op.f('ix_audit_log_actor_user_id'), 'audit_log', ['actor_user_id'])
    op.create_index(op.f('ix_audit_log_subject'), 'audit_log', ['subject'])
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_audit_log_at'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_subject'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_actor_user_id'), table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('officer_invites')
