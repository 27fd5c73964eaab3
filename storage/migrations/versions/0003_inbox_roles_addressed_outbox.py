"""inbox, user roles, outbox rows addressed to users

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'inbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('message_id', sa.String(length=100), nullable=False),
        sa.Column('conversation_key', sa.String(length=100), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox')),
        sa.UniqueConstraint('channel', 'message_id', name='uq_inbox_update'),
    )
    op.create_index(op.f('ix_inbox_conversation_key'), 'inbox', ['conversation_key'])
    op.create_index(op.f('ix_inbox_handled_at'), 'inbox', ['handled_at'])
    op.create_table(
        'user_roles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('admin_structure', sa.String(length=8), nullable=False),
        sa.Column('area_code', sa.String(length=8), nullable=True),
        sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('producer','commune','district','province','admin')",
            name=op.f('ck_user_roles_role_known'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_roles')),
    )
    op.create_index(op.f('ix_user_roles_user_id'), 'user_roles', ['user_id'])
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_outbox_user_id_users'), 'users', ['user_id'], ['id']
        )
        batch.create_index(op.f('ix_outbox_user_id'), ['user_id'])


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.drop_index(op.f('ix_outbox_user_id'))
        batch.drop_constraint(op.f('fk_outbox_user_id_users'), type_='foreignkey')
        batch.drop_column('user_id')
    op.drop_index(op.f('ix_user_roles_user_id'), table_name='user_roles')
    op.drop_table('user_roles')
    op.drop_index(op.f('ix_inbox_handled_at'), table_name='inbox')
    op.drop_index(op.f('ix_inbox_conversation_key'), table_name='inbox')
    op.drop_table('inbox')
